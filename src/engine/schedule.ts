// Periodic work (polls, feed reads) that must run once per interval across every worker sharing
// the database. The slot is taken with one conditional upsert on the cursors table, so it works
// the same on PGlite and PostgreSQL and needs no session-bound lock: a worker that dies mid-poll
// simply lets the slot come due again after the interval.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../store/schema.ts';

const SCHEDULE_SHOP = '*schedule*';

/** Returns true when this caller won the slot for `name` for the next `intervalMs`. */
export async function tryAcquireSchedule(
  db: Kysely<Database>,
  connectionId: string,
  name: string,
  intervalMs: number,
  now: Date,
): Promise<boolean> {
  const nextDue = new Date(now.getTime() + intervalMs).toISOString();
  const result = await db
    .insertInto('cursors')
    .values({
      connection_id: connectionId,
      shop_id: SCHEDULE_SHOP,
      stream: name,
      value: nextDue,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'shop_id', 'stream'])
        .doUpdateSet({ value: nextDue, updated_at: now })
        // ISO-8601 UTC strings order like the times they name.
        .where(sql.ref('cursors.value'), '<=', now.toISOString()),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Lets the next acquire succeed at once (e.g. a callback rang: poll now rather than later). */
export async function makeScheduleDue(
  db: Kysely<Database>,
  connectionId: string,
  name: string,
): Promise<void> {
  await db
    .updateTable('cursors')
    .set({ value: new Date(0).toISOString() })
    .where('connection_id', '=', connectionId)
    .where('shop_id', '=', SCHEDULE_SHOP)
    .where('stream', '=', name)
    .execute();
}
