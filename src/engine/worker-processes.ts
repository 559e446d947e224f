// Which processes are running jobs: each one that runs workers writes a heartbeat, so that an
// initial sync can tell whether the connection's ready jobs have anyone to run them. Without
// one (the sync runs while the service is stopped) a lane kept free for those jobs is a lane lost.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';

/** How often a process writes its heartbeat. */
export const HEARTBEAT_MS = 10_000;
/** A process whose heartbeat is older than this is taken for dead (three missed beats). */
export const ALIVE_WITHIN_MS = 3 * HEARTBEAT_MS;

/** The oldest heartbeat of a process still taken for alive at `now`. */
const aliveSince = (now: Date) => new Date(now.getTime() - ALIVE_WITHIN_MS);

/** Writes (or renews) the process's heartbeat; the first beat also clears rows of dead processes. */
export async function beat(db: Kysely<Database>, id: string, now: Date, first = false): Promise<void> {
  if (first) {
    await db.deleteFrom('worker_processes').where('heartbeat_at', '<', aliveSince(now)).execute();
  }
  await db
    .insertInto('worker_processes')
    .values({ id, started_at: now, heartbeat_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now }))
    .execute();
}

/** The process stopped running jobs. */
export async function leave(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('worker_processes').where('id', '=', id).execute();
}

/** SQL: some process that runs jobs is alive at `now`. */
export function someWorkerAlive(now: Date) {
  return sql<boolean>`exists (select 1 from worker_processes where heartbeat_at >= ${aliveSince(now)})`;
}

/** The live processes, newest first (for an operator). */
export function liveWorkerProcesses(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('worker_processes')
    .select(['id', 'started_at', 'heartbeat_at'])
    .where('heartbeat_at', '>=', aliveSince(now))
    .orderBy('started_at', 'desc')
    .execute();
}
