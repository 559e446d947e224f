// The two reads of a claim: which connections are ready, and the first jobs of each. Both must
// stay cheap however deep a queue is and however many finished jobs the table holds (the deep
// queue of `npm run bench -- queue`); the candidates' plan is checked by a test
// (test/engine/claim-plans.test.ts) on a table whose statistics lag behind the queue.
import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, JobsTable } from '../store/schema.ts';
import { lanesInUse } from './lanes-in-use.ts';

/**
 * The jobs (`j`) a claim may take are of two kinds: queued and due, or running under a lease that
 * has lapsed (its worker died or stalled). Each is asked on its own, never as one condition with
 * an OR: PostgreSQL reads the queued ones in claim order from their index (jobs_queued_claim_order)
 * and stops after the few it needs, where the OR made it fetch and sort every queued job.
 */
const CLAIMABLE = {
  queued: (now: Date) => sql<boolean>`j.status = ${'queued'} and j.run_at <= ${now}`,
  lapsed: (now: Date) => sql<boolean>`j.status = ${'running'} and j.lease_until < ${now}`,
};

/**
 * For the claim's candidates (`j`): no other job with the same key in `column` is running under a
 * live lease. A job without a key (null) never matches one.
 */
function noRunningHolderOf(column: 'dedupe_key' | 'serial_key', now: Date) {
  return sql<boolean>`not exists (select 1 from jobs t
    where ${sql.ref(`t.${column}`)} = ${sql.ref(`j.${column}`)} and t.id <> j.id
      and t.status = 'running' and t.lease_until >= ${now})`;
}

/**
 * Set by `readCandidates` before `candidatesQuery`, for the rest of its transaction. Statistics lag
 * behind the queue: on a table of mostly finished jobs, analysed while few were queued,
 * PostgreSQL expects one queued row after a burst of thousands, and reads them all through
 * another index and sorts them; a claim then costs more the deeper the queue (30,000 queued: some
 * 40 ms). With no sort to choose, the index in claim order is the plan. The sort it cannot avoid
 * (of the few lapsed jobs) is then priced so high that PostgreSQL would first compile the
 * statement to machine code (JIT, about a second), so JIT is off too.
 */
export const CLAIM_PLANNER_SETTINGS = sql`select set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`;

/**
 * Ready connections with a free lane, the one served longest ago first, their rows locked (claims
 * of one connection are serialized on its row, so its concurrency limit is counted exactly; claims
 * of different connections run side by side). With `skipLocked`, rows other claims hold are passed
 * over.
 */
export function readyConnectionsQuery(
  db: Kysely<Database>,
  options: { skip: string[]; limit: number; skipLocked: boolean; now: Date },
) {
  const { skip, limit, skipLocked, now } = options;
  return (
    db
      .selectFrom('connections as c')
      .select(['c.id', 'c.max_concurrency'])
      .where('c.paused', '=', false)
      .$if(skip.length > 0, (q) => q.where('c.id', 'not in', skip))
      // Asked connection by connection, stopping at the first claimable job. OFFSET 0 keeps
      // PostgreSQL from turning the EXISTS into a hash of every queued job's connection, which
      // lagging statistics (see CLAIM_PLANNER_SETTINGS) make it choose after a burst.
      .where((eb) =>
        eb.or(
          Object.values(CLAIMABLE).map((claimable) =>
            eb.exists(
              eb
                .selectFrom('jobs as j')
                .select(sql`1`.as('one'))
                .whereRef('j.connection_id', '=', 'c.id')
                .where(claimable(now))
                .offset(0),
            ),
          ),
        ),
      )
      .where(lanesInUse(sql.ref('c.id'), now), '<', (eb) => eb.ref('c.max_concurrency'))
      .orderBy(sql`c.last_claimed_at asc nulls first`)
      .limit(limit)
      .forUpdate()
      .$if(skipLocked, (q) => q.skipLocked())
  );
}

type CandidateRow = Selectable<JobsTable> & { for_connection: string; running_now: unknown };

/**
 * The first `rowsEach[i]` claimable jobs of each connection `ids[i]`, locked (passing over rows
 * other claims hold), with each connection's lanes in use, in claim order (priority, due time,
 * id); a connection without any comes back once with a null job. Jobs whose dedupe key or serial
 * key is held by a running job are left out: jobs of one record run one at a time, in order, and
 * so do jobs writing one remote object.
 */
export function candidatesQuery(ids: string[], rowsEach: number[], now: Date): RawBuilder<CandidateRow> {
  // The first rows of each kind, locked, then the first of both in claim order.
  const firstOf = (claimable: (now: Date) => RawBuilder<boolean>) => sql`select * from (
      select * from jobs j
      where j.connection_id = c.id and ${claimable(now)}
        and ${noRunningHolderOf('dedupe_key', now)} and ${noRunningHolderOf('serial_key', now)}
      order by j.priority desc, j.run_at, j.id
      limit c.candidate_rows
      for update skip locked) first_rows`;
  return sql<CandidateRow>`
    select c.id as for_connection, c.running_now, j.*
    from (select u.id, u.candidate_rows, u.ord, ${lanesInUse(sql.ref('u.id'), now)} as running_now
      from unnest(${ids}::text[], ${rowsEach.map(String)}::integer[]) with ordinality as u(id, candidate_rows, ord)) c
    left join lateral (
      ${firstOf(CLAIMABLE.queued)}
      union all
      ${firstOf(CLAIMABLE.lapsed)}
      order by priority desc, run_at, id
      limit c.candidate_rows
    ) j on true
    order by c.ord, j.priority desc, j.run_at, j.id`;
}

/** The candidates as a claim reads them: the planner settings first, then `candidatesQuery`. */
export async function readCandidates(
  trx: Transaction<Database>,
  ids: string[],
  rowsEach: number[],
  now: Date,
): Promise<CandidateRow[]> {
  await CLAIM_PLANNER_SETTINGS.execute(trx);
  return (await candidatesQuery(ids, rowsEach, now).execute(trx)).rows;
}
