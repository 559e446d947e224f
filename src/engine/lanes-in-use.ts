// How many of a connection's lanes are taken right now, fleet-wide: its running jobs whose lease
// is live, the lanes held outside the queue (an initial sync, see lane-holds.ts) and its schedule
// runs (polls and feed reads, each one request at a time; those still waiting for a lane count
// too, so a waiting poll gets the next lane before another job). The claim and a hold count with
// the same expression, so neither can take a lane another holds.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../store/schema.ts';

/**
 * The lanes taken by running jobs and initial-sync holds: everything but schedule runs, which a
 * schedule run waiting for its lane counts its own way (schedule-lanes.ts). `connectionId` is a
 * column reference (`c.id`) or a value.
 */
export function lanesOfJobsAndHolds(connectionId: RawBuilder<unknown>, now: Date): RawBuilder<number> {
  return sql<number>`((select count(*) from jobs r
      where r.connection_id = ${connectionId} and r.status = 'running' and r.lease_until >= ${now})
    + (select coalesce(sum(h.lanes), 0) from lane_holds h
      where h.connection_id = ${connectionId} and h.lease_until >= ${now}))`;
}

/** Every lane taken: jobs, holds and schedule runs holding a lease (waiting for a lane or not). */
export function lanesInUse(connectionId: RawBuilder<unknown>, now: Date): RawBuilder<number> {
  return sql<number>`(${lanesOfJobsAndHolds(connectionId, now)}
    + (select count(*) from schedules s
      where s.connection_id = ${connectionId} and s.lease_until >= ${now}))`;
}

/**
 * Locks the connection's row for the rest of the transaction and answers its limit (undefined: no
 * such connection). Everything that takes lanes does this first, claims included, so each counts
 * after the others' commits.
 */
export async function lockConnectionLimit(
  trx: Kysely<Database>,
  connectionId: string,
): Promise<number | undefined> {
  const row = await trx
    .selectFrom('connections')
    .select('max_concurrency')
    .where('id', '=', connectionId)
    .forUpdate()
    .executeTakeFirst();
  return row?.max_concurrency;
}
