// Lanes of a connection taken outside the job queue, by an initial sync. The sync sends requests
// of its own, so to keep a connection's limit fleet-wide (the remote never sees more than
// `max_concurrency` requests at once from Koppla) it holds lanes in the store, and every claim
// counts them beside the running jobs (lanes-in-use.ts). A hold has a lease like a running job:
// if its process dies, the lanes are free again once the lease runs out.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import { type Clock, systemClock } from './clock.ts';
import { lanesInUse, lockConnectionLimit } from './lanes-in-use.ts';
import { someWorkerAlive } from './worker-processes.ts';

export interface HeldLanes {
  /** The hold's row; null when it holds nothing. */
  id: string | null;
  lanes: number;
  /** Lanes taken by others (running jobs, schedule runs, other holds) when this was decided. */
  takenByOthers: number;
  /**
   * Lanes this hold should give back (see `shrink`; a hold never shrinks by itself): one for each
   * schedule run (poll, feed read) of the connection waiting for a lane while every lane is taken,
   * and one while jobs of the connection are ready, none of them runs and a process that runs jobs
   * is alive.
   */
  owed: number;
}

export interface HoldRequest {
  connectionId: string;
  /** Who holds them (shown to an operator). */
  holder: string;
  /** The hold to renew, or null for a new one. */
  id: string | null;
  /** The most lanes wanted; fewer are held when fewer are free. */
  wanted: number;
  leaseMs: number;
}

export class LaneHolds {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Takes or renews a hold: as many of `wanted` lanes as the connection has free, counting its
   * running jobs, schedule runs (those waiting for a lane too) and every other live hold, with the
   * lease renewed. A hold only grows this way; it shrinks when its lease ran out and others took
   * the lanes meanwhile, or when its holder gives lanes back (`owed`, then `shrink`). Answers
   * lanes 0 (and no row) when none is free. Serialized with claims by the lock on the
   * connection's row.
   */
  async hold(request: HoldRequest): Promise<HeldLanes> {
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const limit = await lockConnectionLimit(trx, request.connectionId);
      if (limit === undefined) throw new Error(`Connection ${request.connectionId} is not in the store`);
      // Lapsed holds count for nothing; removing them keeps the table to the live ones.
      await trx
        .deleteFrom('lane_holds')
        .where('connection_id', '=', request.connectionId)
        .where('lease_until', '<', now)
        .execute();
      const own = request.id === null ? 0 : await this.lanesOf(trx, request.id);
      const { rows } = await sql<{ n: string }>`select ${lanesInUse(
        sql`${request.connectionId}::text`,
        now,
      )} as n`.execute(trx);
      const takenByOthers = Number(rows[0]?.n ?? 0) - own;
      // Live work comes first: while jobs of the connection are ready and none runs (orders,
      // stock), one lane is kept for them, if some process is alive to run them.
      const forJobs = (await jobsStarved(trx, request.connectionId, now)) ? 1 : 0;
      // A live hold keeps what it has (its calls may be in flight), even when runs waiting for a
      // lane now count against it; it only grows into lanes nobody waits for.
      const lanes = Math.max(own, Math.min(request.wanted, limit - takenByOthers - forJobs));
      // Owed: waiting runs the lanes in use leave no room for, and the jobs' lane if it is taken.
      const over = Math.max(0, takenByOthers + lanes - limit);
      const runsOwed = Math.min(await runsWaitingForLane(trx, request.connectionId, now), over);
      const owed = runsOwed + (forJobs > 0 && takenByOthers + lanes >= limit ? 1 : 0);
      if (lanes === 0) {
        if (request.id !== null) await trx.deleteFrom('lane_holds').where('id', '=', request.id).execute();
        return { id: null, lanes: 0, takenByOthers, owed };
      }
      const leaseUntil = new Date(now.getTime() + request.leaseMs);
      if (request.id !== null) {
        const renewed = await trx
          .updateTable('lane_holds')
          .set({ lanes, lease_until: leaseUntil })
          .where('id', '=', request.id)
          .executeTakeFirst();
        if (Number(renewed.numUpdatedRows) > 0) return { id: request.id, lanes, takenByOthers, owed };
      }
      const created = await trx
        .insertInto('lane_holds')
        .values({
          connection_id: request.connectionId,
          holder: request.holder,
          lanes,
          lease_until: leaseUntil,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: String(created.id), lanes, takenByOthers, owed };
    });
  }

  /**
   * Makes a live hold smaller (never larger, never below one lane): the holder calls this once
   * it no longer uses the lanes it gives back (no call of its own in flight on them). Under the
   * connection's lock, like every count, so a waiting run sees the lane at its next try.
   */
  async shrink(id: string, lanes: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('lane_holds')
        .select('connection_id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return;
      await lockConnectionLimit(trx, row.connection_id);
      await trx
        .updateTable('lane_holds')
        .set({ lanes: sql<number>`least(lanes, ${Math.max(1, lanes)})` })
        .where('id', '=', id)
        .execute();
    });
  }

  /** Gives the lanes back at once (not waiting for the lease to run out). */
  async release(id: string): Promise<void> {
    await this.db.deleteFrom('lane_holds').where('id', '=', id).execute();
  }

  /** The live holds of a connection (for an operator). */
  async list(connectionId: string) {
    return this.db
      .selectFrom('lane_holds')
      .select(['id', 'holder', 'lanes', 'lease_until', 'created_at'])
      .where('connection_id', '=', connectionId)
      .where('lease_until', '>=', this.clock.now())
      .orderBy('id')
      .execute();
  }

  private async lanesOf(trx: Kysely<Database>, id: string): Promise<number> {
    const row = await trx.selectFrom('lane_holds').select('lanes').where('id', '=', id).executeTakeFirst();
    return row?.lanes ?? 0;
  }
}

/** Schedule runs of the connection that hold their lease and wait for a lane. */
async function runsWaitingForLane(trx: Kysely<Database>, connectionId: string, now: Date): Promise<number> {
  const row = await trx
    .selectFrom('schedules')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('connection_id', '=', connectionId)
    .where('lease_until', '>=', now)
    .where('has_lane', '=', false)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Jobs of the connection are ready to run, none of them runs, and a process that runs jobs is
 * alive: the queue has no lane. With no such process a lane kept for the jobs would stay idle.
 */
async function jobsStarved(trx: Kysely<Database>, connectionId: string, now: Date): Promise<boolean> {
  const { rows } = await sql<{ starved: boolean }>`select
      exists (select 1 from jobs where connection_id = ${connectionId} and status = 'queued'
              and run_at <= ${now})
      and not exists (select 1 from jobs where connection_id = ${connectionId} and status = 'running'
              and lease_until >= ${now})
      and ${someWorkerAlive(now)} as starved`.execute(trx);
  return rows[0]?.starved === true;
}
