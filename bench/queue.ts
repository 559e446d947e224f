// Jobs per second through enqueue + claim + complete, on PGlite and PostgreSQL, with 1 and 4
// workers (each a real Worker running up to 16 jobs at once), handlers doing no work: the engine's
// own overhead. The modes are kept in this order so earlier figures stay comparable.
import { sql } from 'kysely';
import { JobQueue } from '../src/engine/queue.ts';
import { Worker } from '../src/engine/worker.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { freshMemoryStore } from '../src/store/fresh-memory-store.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { BenchContext } from './main.ts';
import { withPostgres } from './postgres.ts';

const WORKER_CONCURRENCY = 16;

// How the jobs come in: one by one while the workers run (as polls and callbacks mostly do), from
// one producer that waits for each enqueue or from several at once (the polls and callbacks of
// different connections), in `enqueueMany` batches while they run (a feed page), or all before the
// workers start. A deep queue is filled first too, in a table that already holds a history of
// finished jobs, analysed before the queue filled (as PostgreSQL's statistics lag behind a burst).
type Feed = 'one-by-one' | 'one-by-one-4-producers' | 'batches' | 'prefill' | 'deep';

const PRODUCERS = 4;

const BATCH = 100;

const MODES: Record<Feed, string> = {
  'one-by-one': 'enqueue+claim+complete',
  'one-by-one-4-producers': `enqueue+claim+complete, ${PRODUCERS} producers`,
  batches: `enqueueMany(${BATCH})+claim+complete`,
  prefill: 'claim+complete (queue filled first)',
  deep: 'claim+complete of a deep queue (filled first) beside a history of finished jobs',
};

/** The deep queue's size, and the finished jobs beside it (fewer on PGlite, which holds them in memory here). */
const DEEP = { jobs: 30_000, history: { postgres: 1_000_000, pglite: 200_000 } };
const DEEP_QUICK = { jobs: 1_000, history: { postgres: 20_000, pglite: 5_000 } };

/** Finished jobs of a day ago, spread over the connections, then analysed. */
async function addHistory(store: Store, connectionIds: string[], rows: number): Promise<void> {
  await sql`insert into jobs (connection_id, shop_id, stream, kind, entity_key, dedupe_key, payload,
      status, attempts, max_attempts, run_at, created_at, updated_at, finished_at)
    select (${connectionIds}::text[])[1 + n % ${connectionIds.length}], '', 'bench', 'noop', 'old' || n,
      'bench:old' || n, '{}'::jsonb, 'done', 1, 5, now() - interval '1 day', now() - interval '1 day',
      now() - interval '1 day', now() - interval '1 day'
    from generate_series(1, ${rows}) as n`.execute(store.db);
  await sql`analyze jobs`.execute(store.db);
}

/** Many connections of a small limit, as a provider runs them: jobs spread over all of them. */
const MANY_CONNECTIONS = 200;
const MANY_CONNECTIONS_LIMIT = 4;

async function run(store: Store, jobs: number, workers: number, feed: Feed, connections = 1, history = 0) {
  await migrateToLatest(store.db);
  const connectionIds =
    connections === 1 ? ['bench'] : Array.from({ length: connections }, (_, i) => `bench-${i}`);
  if (history > 0) await addHistory(store, connectionIds, history);
  await store.db
    .insertInto('connections')
    .values(
      connectionIds.map((id) => ({
        id,
        name: id,
        flow_mode: 'erp-master',
        config: '{}',
        max_concurrency: connections === 1 ? 64 : MANY_CONNECTIONS_LIMIT,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const queue = new JobQueue(store.db);
  let done = 0;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const fleet = Array.from(
    { length: workers },
    (_, i) =>
      new Worker(
        queue,
        { noop: async () => {} },
        {
          id: `w${i}`,
          concurrency: WORKER_CONCURRENCY,
          idlePollMs: 5,
          onOutcome: () => {
            if (++done === jobs) allDone();
          },
        },
      ),
  );
  const job = (i: number) => ({
    connectionId: connectionIds[i % connectionIds.length] as string,
    stream: 'bench',
    kind: 'noop',
    entityKey: `e${i}`,
    payload: { i },
  });
  const enqueue = async () => {
    if (feed === 'deep') {
      for (let i = 0; i < jobs; i += 1_000)
        await queue.enqueueMany(Array.from({ length: Math.min(1_000, jobs - i) }, (_, k) => job(i + k)));
      return;
    }
    if (feed === 'batches') {
      for (let i = 0; i < jobs; i += BATCH) {
        await queue.enqueueMany(Array.from({ length: Math.min(BATCH, jobs - i) }, (_, k) => job(i + k)));
        for (const worker of fleet) worker.poke();
      }
      return;
    }
    const producers = feed === 'one-by-one-4-producers' ? PRODUCERS : 1;
    let next = 0;
    await Promise.all(
      Array.from({ length: producers }, async () => {
        while (next < jobs) {
          const i = next++;
          await queue.enqueue(job(i));
          if (i % 50 === 0) for (const worker of fleet) worker.poke();
        }
      }),
    );
  };
  const filledFirst = feed === 'prefill' || feed === 'deep';
  if (filledFirst) await enqueue();
  const started = performance.now();
  for (const worker of fleet) worker.start();
  if (!filledFirst) await enqueue();
  const enqueuedAt = performance.now();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(fleet.map((w) => w.stop()));
  return {
    mode:
      connections === 1
        ? MODES[feed]
        : `${MODES[feed]}, ${connections} connections of limit ${MANY_CONNECTIONS_LIMIT}`,
    jobs,
    workers,
    completed: done,
    seconds: Number(seconds.toFixed(2)),
    jobsPerSecond: Math.round(done / seconds),
    // Enqueue + claim + complete for one job, the whole engine running side by side.
    msPerJob: Number(((seconds * 1000) / done).toFixed(3)),
    ...(history > 0 ? { finishedJobsInTable: history } : {}),
    ...(filledFirst ? {} : { enqueueMsPerJob: Number(((enqueuedAt - started) / jobs).toFixed(3)) }),
  };
}

export async function queueBenchmark(context: BenchContext) {
  const jobs = context.quick ? 300 : 3_000;
  const results: Record<string, unknown>[] = [];
  // BENCH_QUEUE_ONLY=<feed> runs that feed on one connection, =many-connections only the runs of
  // many connections, =deep only the deep queue (while working on one of them).
  const only = process.env.BENCH_QUEUE_ONLY;
  const deep = context.quick ? DEEP_QUICK : DEEP;
  /** One run on each store, each in a store of its own. */
  const onBothStores = async (workers: number, feed: Feed, connections: number) => {
    const label = connections === 1 ? '' : `, ${connections} connections`;
    const count = feed === 'deep' ? deep.jobs : jobs;
    const history = (backend: 'pglite' | 'postgres') => (feed === 'deep' ? deep.history[backend] : 0);
    context.log(`  queue pglite workers=${workers} feed=${feed}${label}`);
    const lite = await freshMemoryStore();
    results.push({
      backend: 'pglite',
      ...(await run(lite, count, workers, feed, connections, history('pglite'))),
    });
    await lite.close();
    context.log(`  queue postgres workers=${workers} feed=${feed}${label}`);
    results.push(
      await withPostgres(async (url) => {
        const store = openStore({ databaseUrl: url, poolSize: workers + 2 });
        try {
          return {
            backend: 'postgres',
            ...(await run(store, count, workers, feed, connections, history('postgres'))),
          };
        } finally {
          await store.close();
        }
      }),
    );
  };
  for (const feed of ['one-by-one', 'prefill', 'batches', 'one-by-one-4-producers'] as const)
    if (only === undefined || only === feed)
      for (const workers of [1, 4]) await onBothStores(workers, feed, 1);
  // A provider's installation: the jobs spread over many connections, each allowing a few calls at
  // once, so a claim gets a job or two of each connection.
  if (only === undefined || only === 'many-connections')
    for (const workers of [1, 4]) await onBothStores(workers, 'prefill', MANY_CONNECTIONS);
  // A backlog after an outage or a large feed: a claim must cost the same however deep the queue
  // and however many finished jobs wait for retention.
  if (only === undefined || only === 'deep')
    for (const workers of [1, 4]) await onBothStores(workers, 'deep', 1);
  return {
    parameters: {
      jobs,
      handler: 'no-op',
      workerConcurrency: WORKER_CONCURRENCY,
      connectionMaxConcurrency: `64 (one connection); ${MANY_CONNECTIONS_LIMIT} each in the runs of ${MANY_CONNECTIONS} connections`,
      deepQueue: `${deep.jobs} jobs queued before the workers start, in a table already holding finished jobs (PostgreSQL ${deep.history.postgres}, PGlite ${deep.history.pglite}) analysed before the queue filled`,
      note: `workers = Worker instances in one process; jobs enqueued one by one while the workers run (by one producer awaiting each enqueue, or by ${PRODUCERS} such producers side by side), or before (claim+complete alone), or in enqueueMany batches of ${BATCH} while they run; msPerJob = wall / jobs`,
    },
    runs: results,
  };
}
