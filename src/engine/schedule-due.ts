// Which schedules a scheduler tick should try to start. A tick used to try every schedule with its
// conditional upsert; on PostgreSQL an upsert whose condition fails still locks (writes) the row,
// so an idle fleet of hundreds of connections wrote thousands of rows a second. One read of the
// table now answers which schedules are waiting for their interval or held by a run, and only the
// others are tried: the due ones, and those that have never run (no row yet).

import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export function scheduleKey(connectionId: string, name: string): string {
  return `${connectionId}\u0000${name}`;
}

/**
 * Keys (scheduleKey) of the schedules that cannot start at `now`: not due yet, or leased by a run.
 * A schedule missing from the answer is worth trying; startScheduleRun still decides, so a row
 * changed by another worker since this read costs one attempt and never a second run.
 */
export async function schedulesNotStartable(db: Kysely<Database>, now: Date): Promise<Set<string>> {
  const rows = await db
    .selectFrom('schedules')
    .select(['connection_id', 'name', 'next_due_at', 'lease_until'])
    .execute();
  const waiting = new Set<string>();
  for (const row of rows) {
    const leased = row.lease_until !== null && new Date(row.lease_until) > now;
    const notDue = new Date(row.next_due_at) > now;
    if (leased || notDue) waiting.add(scheduleKey(row.connection_id, row.name));
  }
  return waiting;
}
