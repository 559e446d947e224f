import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/engine/queue.ts';
import { openStore } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { insertConnection } from '../helpers/connections.ts';
import { createTestDatabase } from '../helpers/store.ts';

const fixture = join(import.meta.dirname, '../fixtures/crash-worker.ts');

function startWorker(
  target: string,
  id: string,
  delayMs: number,
): { child: ChildProcess; claimed: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, target, id, String(delayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = 0;
  const claimed = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('claimed')).length;
      // Kill it once it has several jobs in hand, some of them half-done.
      if (seen >= 6) resolve();
    });
  });
  return { child, claimed };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function runCrashScenario(target: { url?: string; dataDir?: string }) {
  const jobs = 60;
  const open = () =>
    target.url ? openStore({ databaseUrl: target.url }) : openStore({ dataDir: target.dataDir });
  let store = open();
  await migrateToLatest(store.db);
  await sql`create table effects (job_key text primary key, worker text not null)`.execute(store.db);
  await sql`create table effect_log (id serial primary key, job_key text not null, worker text not null)`.execute(
    store.db,
  );
  await insertConnection(store.db, 'c1');
  const queue = new JobQueue(store.db);
  for (let i = 0; i < jobs; i++) {
    await queue.enqueue({
      connectionId: 'c1',
      stream: 'test',
      kind: 'effect',
      entityKey: `job-${i}`,
      payload: {},
    });
  }
  const where = target.url ?? target.dataDir!;
  // PGlite is one process's database: the first worker must be gone before the second opens it.
  if (!target.url) await store.close();

  const first = startWorker(where, 'doomed', 400);
  await first.claimed;
  first.child.kill('SIGKILL');
  await exited(first.child);

  const second = startWorker(where, 'survivor', 5);
  const deadline = Date.now() + 90_000;
  if (!target.url) {
    // Let the survivor work, then stop it gracefully to read the file-based database.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
  } else {
    for (;;) {
      const row = await store.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'done')
        .executeTakeFirstOrThrow();
      if (Number(row.n) === jobs || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  second.child.kill('SIGTERM');
  await exited(second.child);
  if (!target.url) store = open();

  const statuses = await store.db.selectFrom('jobs').select(['status', 'attempts', 'entity_key']).execute();
  const effects = await sql<{ job_key: string }>`select job_key from effects`.execute(store.db);
  const log = await sql<{ job_key: string; worker: string }>`select job_key, worker from effect_log`.execute(
    store.db,
  );
  await store.close();
  return { jobs, statuses, effects: effects.rows, log: log.rows };
}

function assertExactlyOnce(result: Awaited<ReturnType<typeof runCrashScenario>>) {
  expect(result.statuses.filter((s) => s.status === 'done')).toHaveLength(result.jobs);
  const keys = result.effects.map((e) => e.job_key);
  expect(new Set(keys).size).toBe(result.jobs);
  expect(keys).toHaveLength(result.jobs);
  // The killed worker really held jobs: some were claimed a second time by the survivor.
  expect(result.statuses.some((s) => s.attempts >= 2)).toBe(true);
  expect(result.log.some((l) => l.worker === 'survivor')).toBe(true);
}

describe('a worker killed with SIGKILL while it holds jobs', () => {
  it('on PostgreSQL: a second worker finishes them, each effect once, none lost', async () => {
    const database = await createTestDatabase();
    try {
      assertExactlyOnce(await runCrashScenario({ url: database.url }));
    } finally {
      await database.drop();
    }
  }, 120_000);

  it('on PGlite: the restarted worker finishes them, each effect once, none lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'koppla-crash-'));
    try {
      assertExactlyOnce(await runCrashScenario({ dataDir: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
