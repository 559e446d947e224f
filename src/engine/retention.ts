// Housekeeping: what the store keeps only for a while. Finished jobs (with their attempts), the
// timeline's events and dead letters a person has resolved are deleted once older than their
// retention, so the tables a busy installation writes most stay bounded. Bindings, open dead
// letters, queued and running jobs, usage and reports are never touched.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';

export interface RetentionPolicy {
  /** Jobs that finished successfully, and their attempts. */
  finishedJobsDays: number;
  /** Timeline events (the per-record journey). */
  eventsDays: number;
  /** Dead letters resolved by replay or discard, with their dead jobs. */
  resolvedDeadLettersDays: number;
}

export interface PruneResult {
  jobs: number;
  events: number;
  deadLetters: number;
  sessions: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes in batches (short transactions; other work goes on between them), at most `maxBatches`
 * of each kind per call: a first run on a store that has grown for a year leaves the rest for the
 * next run instead of holding the database for minutes.
 */
export async function pruneExpired(
  db: Kysely<Database>,
  policy: RetentionPolicy,
  now: Date,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<PruneResult> {
  const batch = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 100;
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const repeat = async (deleteBatch: () => Promise<number>): Promise<number> => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const deleted = await deleteBatch();
      total += deleted;
      if (deleted < batch) break;
    }
    return total;
  };

  const jobsCutoff = before(policy.finishedJobsDays);
  const jobs = await repeat(async () => {
    const result = await sql`
      with doomed as (
        select id from jobs where status = 'done' and finished_at < ${jobsCutoff} limit ${batch}
      ), attempts as (
        delete from job_attempts where job_id in (select id from doomed)
      )
      delete from jobs where id in (select id from doomed)`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  });

  const eventsCutoff = before(policy.eventsDays);
  const events = await repeat(async () => {
    const result = await sql`
      delete from events where id in (select id from events where at < ${eventsCutoff} limit ${batch})`.execute(
      db,
    );
    return Number(result.numAffectedRows ?? 0);
  });

  // A resolved dead letter's job is deleted with it only while still dead: a replayed job that
  // was put back in the queue lives on as a job of its own.
  const lettersCutoff = before(policy.resolvedDeadLettersDays);
  const deadLetters = await repeat(async () => {
    const result = await sql`
      with doomed as (
        select id, job_id from dead_letters
        where resolved_at is not null and resolved_at < ${lettersCutoff} limit ${batch}
      ), dead_jobs as (
        select id from jobs where id in (select job_id from doomed) and status = 'dead'
      ), attempts as (
        delete from job_attempts where job_id in (select id from dead_jobs)
      ), gone_jobs as (
        delete from jobs where id in (select id from dead_jobs)
      )
      delete from dead_letters where id in (select id from doomed)`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  });

  const sessions = Number(
    (await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst()).numDeletedRows,
  );
  return { jobs, events, deadLetters, sessions };
}
