// Monthly usage counters per connection (orders, articles synced): what a provider bills on.
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export async function countUsage(
  db: Kysely<Database>,
  connectionId: string,
  metric: string,
  by = 1,
  at = new Date(),
): Promise<void> {
  await db
    .insertInto('usage')
    .values({ connection_id: connectionId, month: monthOf(at), metric, count: by })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'month', 'metric']).doUpdateSet({ count: sql`usage.count + ${by}` }),
    )
    .execute();
}

export async function usageOf(db: Kysely<Database>, connectionId?: string) {
  let query = db.selectFrom('usage').selectAll();
  if (connectionId) query = query.where('connection_id', '=', connectionId);
  const rows = await query.orderBy(['connection_id', 'month', 'metric']).execute();
  return rows.map((r) => ({
    connectionId: r.connection_id,
    month: r.month,
    metric: r.metric,
    count: Number(r.count),
  }));
}
