// Jobs per second through enqueue + claim + complete, on PGlite and PostgreSQL, with 1 and 4
// workers (each worker one claiming loop), handlers doing no work: the engine's own overhead.
import pg from 'pg';
import { JobQueue } from '../src/engine/queue.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import type { BenchContext } from './main.ts';

const adminUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `koppla_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function run(store: Store, jobs: number, workers: number) {
  await migrateToLatest(store.db);
  await store.db
    .insertInto('connections')
    .values({ id: 'bench', name: 'bench', flow_mode: 'erp-master', config: '{}', max_concurrency: 64 })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const queue = new JobQueue(store.db);
  const started = performance.now();
  const enqueue = (async () => {
    for (let i = 0; i < jobs; i++) {
      await queue.enqueue({
        connectionId: 'bench',
        stream: 'bench',
        kind: 'noop',
        entityKey: `e${i}`,
        payload: { i },
      });
    }
  })();
  let done = 0;
  const loop = async (id: string) => {
    let idle = 0;
    while (done < jobs && idle < 200) {
      const job = await queue.claim(id, 30_000);
      if (!job) {
        idle++;
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      idle = 0;
      await queue.complete(job);
      done++;
    }
  };
  await Promise.all([enqueue, ...Array.from({ length: workers }, (_, i) => loop(`w${i}`))]);
  const seconds = (performance.now() - started) / 1000;
  return {
    jobs,
    workers,
    completed: done,
    seconds: Number(seconds.toFixed(2)),
    jobsPerSecond: Math.round(done / seconds),
    // Enqueue + claim + complete, divided by the claiming loops running side by side.
    msPerJobPerLoop: Number(((seconds * 1000 * workers) / done).toFixed(2)),
  };
}

export async function queueBenchmark(context: BenchContext) {
  const jobs = context.quick ? 300 : 3_000;
  const results: Record<string, unknown>[] = [];
  for (const workers of [1, 4]) {
    context.log(`  queue pglite workers=${workers}`);
    const lite = openStore({ dataDir: 'memory://' });
    results.push({ backend: 'pglite', ...(await run(lite, jobs, workers)) });
    await lite.close();
    context.log(`  queue postgres workers=${workers}`);
    results.push(
      await withPostgres(async (url) => {
        const store = openStore({ databaseUrl: url, poolSize: workers + 2 });
        try {
          return { backend: 'postgres', ...(await run(store, jobs, workers)) };
        } finally {
          await store.close();
        }
      }),
    );
  }
  return {
    parameters: { jobs, handler: 'no-op', note: 'workers = concurrent claim loops in one process' },
    runs: results,
  };
}
