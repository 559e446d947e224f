// Periodic work (polls, feed reads) that must run once per interval across every worker sharing
// the database, and never twice at the same time. A run takes a lease on its schedule's row with
// one conditional upsert (the same on PGlite and PostgreSQL, no session-bound lock), renews it
// while it runs and hands it back when done. A worker that dies mid-run lets the lease lapse, and
// the schedule is taken over once it has.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../store/schema.ts';

export interface ScheduleSlot {
  connectionId: string;
  name: string;
  /** Who runs it: one id per process, so a lease is never taken twice by one owner by mistake. */
  owner: string;
}

/**
 * started: this caller holds the lease and runs now. not-due: the interval has not passed.
 * busy: another owner is running it; a forced start has asked for one more run after that one.
 */
export type ScheduleStart = 'started' | 'not-due' | 'busy';

/**
 * Takes the lease when no one holds it and the schedule is due; `force` (a callback rang, an
 * operator asked) skips the due check. When another owner is running it, a forced start records
 * that one more run is wanted, so a change announced mid-read is not missed: that owner makes
 * the schedule due when it finishes.
 */
export async function startScheduleRun(
  db: Kysely<Database>,
  slot: ScheduleSlot,
  options: { now: Date; leaseMs: number; force: boolean },
): Promise<ScheduleStart> {
  const { now, leaseMs, force } = options;
  // The lease as a fresh run takes it: written on the first run (insert) and on every later one.
  const lease = {
    lease_owner: slot.owner,
    lease_until: new Date(now.getTime() + leaseMs),
    leased_at: now,
    has_lane: false,
    run_again: false,
    updated_at: now,
  };
  const result = await db
    .insertInto('schedules')
    .values({ connection_id: slot.connectionId, name: slot.name, next_due_at: now, ...lease })
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'name'])
        .doUpdateSet(lease)
        .where((eb) =>
          eb.and([
            eb.or([eb('schedules.lease_until', 'is', null), eb('schedules.lease_until', '<=', now)]),
            ...(force ? [] : [eb('schedules.next_due_at', '<=', now)]),
          ]),
        ),
    )
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return 'started';
  if (!force) return 'not-due';
  const flagged = await db
    .updateTable('schedules')
    .set({ run_again: true, updated_at: now })
    .where('connection_id', '=', slot.connectionId)
    .where('name', '=', slot.name)
    .where('lease_until', '>', now)
    .executeTakeFirst();
  // The lease ran out between the two statements: take it on the next try.
  return Number(flagged.numUpdatedRows) > 0 ? 'busy' : startScheduleRun(db, slot, options);
}

/** Extends a running lease; false when this owner no longer holds it (it lapsed and was taken). */
export async function renewScheduleLease(
  db: Kysely<Database>,
  slot: ScheduleSlot,
  leaseUntil: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('schedules')
    .set({ lease_until: leaseUntil })
    .where('connection_id', '=', slot.connectionId)
    .where('name', '=', slot.name)
    .where('lease_owner', '=', slot.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Hands the lease back. The schedule is next due at `nextDue` (the run's start plus its interval),
 * or at once when a forced start asked for another run meanwhile.
 */
export async function finishScheduleRun(
  db: Kysely<Database>,
  slot: ScheduleSlot,
  options: { now: Date; nextDue: Date },
): Promise<void> {
  await db
    .updateTable('schedules')
    .set({
      lease_owner: null,
      lease_until: null,
      leased_at: null,
      has_lane: false,
      next_due_at: sql<Date>`case when run_again then ${options.now}::timestamptz else ${options.nextDue}::timestamptz end`,
      run_again: false,
      updated_at: options.now,
    })
    .where('connection_id', '=', slot.connectionId)
    .where('name', '=', slot.name)
    .where('lease_owner', '=', slot.owner)
    .execute();
}
