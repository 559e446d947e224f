// A schedule run (a poll, a feed read) makes requests too, so it takes one of its connection's
// lanes before it starts, like a job. From the moment its lease is taken it counts as a lane for
// every claim and hold (lanes-in-use.ts), so no new job takes the lane it waits for; runs waiting
// at the same time go in the order they took their leases, and each waits only for the runs ahead
// of it, so two waiting runs never wait for each other.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import { lanesOfJobsAndHolds, lockConnectionLimit } from './lanes-in-use.ts';
import type { ScheduleSlot } from './schedule.ts';

/**
 * Gives the run of `slot` (whose lease this owner holds) its lane when one is free: the
 * connection's running jobs, held lanes, runs that have their lane and runs waiting ahead of this
 * one leave room. Answers false when it has to wait. Serialized with claims by the lock on the
 * connection's row. A schedule that is not a connection's (the installation's housekeeping) calls
 * no remote and always may run.
 */
export async function takeScheduleLane(
  db: Kysely<Database>,
  slot: ScheduleSlot,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const limit = await lockConnectionLimit(trx, slot.connectionId);
    if (limit === undefined) return true;
    const id = slot.connectionId;
    const { rows } = await sql<{ taken: string }>`select
        ${lanesOfJobsAndHolds(sql`${id}::text`, now)}
      + (select count(*) from schedules s, schedules me
          where me.connection_id = ${id} and me.name = ${slot.name}
            and s.connection_id = ${id} and s.name <> me.name and s.lease_until >= ${now}
            and (s.has_lane or (s.leased_at, s.name) < (me.leased_at, me.name))) as taken`.execute(trx);
    if (Number(rows[0]?.taken ?? 0) >= limit) return false;
    const granted = await trx
      .updateTable('schedules')
      .set({ has_lane: true })
      .where('connection_id', '=', id)
      .where('name', '=', slot.name)
      .where('lease_owner', '=', slot.owner)
      .executeTakeFirst();
    // The lease lapsed and another owner took the schedule: this run must not go on.
    if (Number(granted.numUpdatedRows) === 0) throw new Error(`The lease of schedule ${slot.name} was lost`);
    return true;
  });
}
