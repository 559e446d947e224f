// Three worker processes on one PostgreSQL, twenty connections: jobs spread across the workers,
// each schedule runs once per interval fleet-wide, no connection ever has more jobs running than
// its limit (counted across all workers), and a connection with a deep backlog does not starve
// the others.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncConnections } from '../../src/app/sync-connections.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createTestDatabase } from '../helpers/store.ts';
import {
  CONNECTIONS,
  connectionId,
  fleetConnections,
  PER_CONNECTION_LIMIT,
  SCHEDULE_INTERVAL_MS,
} from './fleet-config.ts';

const fixture = join(import.meta.dirname, 'fleet-worker.ts');
const BIG = 1_000;
const SMALL = 10;
const TOTAL = BIG + (CONNECTIONS - 1) * SMALL;

interface Run {
  connection_id: string;
  worker: string;
  started_at: Date;
  ended_at: Date;
}

function startWorker(url: string, id: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, url, id, '15'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('started')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker ${id} exited early (${code})`)));
  });
  return { child, ready };
}

/** The most intervals open at one instant. */
function maxOverlap(runs: Run[]): number {
  const points = runs.flatMap((r) => [
    { t: r.started_at.getTime(), d: 1 },
    { t: r.ended_at.getTime(), d: -1 },
  ]);
  // Ends before starts at the same millisecond: a slot freed and retaken is not an overlap.
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const p of points) {
    open += p.d;
    max = Math.max(max, open);
  }
  return max;
}

describe('a fleet of three worker processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: Store;
  const workers: ChildProcess[] = [];
  let runs: Run[] = [];
  /** Each job's attempt, from its claim to its completion: the time it held one of the lanes. */
  let leases: Run[] = [];
  let scheduleRuns: { connection_id: string; worker: string; at: Date; started_at: Date; ended_at: Date }[] =
    [];
  let windowMs = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = openStore({ databaseUrl: database.url });
    await migrateToLatest(store.db);
    await sql`create table fleet_runs (connection_id text, job_key text, worker text, started_at timestamptz, ended_at timestamptz)`.execute(
      store.db,
    );
    await sql`create table fleet_schedule_runs (connection_id text, worker text, at timestamptz, started_at timestamptz, ended_at timestamptz)`.execute(
      store.db,
    );
    await syncConnections(store.db, fleetConnections());
    const queue = new JobQueue(store.db);
    await queue.enqueueMany(
      Array.from({ length: CONNECTIONS }, (_, c) =>
        Array.from({ length: c === 0 ? BIG : SMALL }, (_, i) => ({
          connectionId: connectionId(c),
          stream: 'fleet',
          kind: 'fleet.job',
          entityKey: `${connectionId(c)}-${i}`,
          payload: null,
        })),
      ).flat(),
    );
    // Workers boot at different speeds; hold the queue until all three are up so the first to
    // boot does not take the backlog before the others exist (a start-up artefact, not a claim rule).
    await store.db.updateTable('connections').set({ paused: true }).execute();
    const started = Date.now();
    const handles = ['w1', 'w2', 'w3'].map((id) => startWorker(database.url, id));
    workers.push(...handles.map((h) => h.child));
    await Promise.all(handles.map((h) => h.ready));
    await store.db.updateTable('connections').set({ paused: false }).execute();
    const deadline = Date.now() + 90_000;
    for (;;) {
      const row = await sql<{ n: string }>`select count(*) as n from fleet_runs`.execute(store.db);
      if (Number(row.rows[0]!.n) >= TOTAL || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Let the schedules tick a little longer than the jobs took, at least a few intervals.
    await new Promise((resolve) => setTimeout(resolve, 3 * SCHEDULE_INTERVAL_MS));
    windowMs = Date.now() - started;
    for (const child of workers) child.kill('SIGTERM');
    await Promise.all(workers.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    runs = (await sql<Run>`select * from fleet_runs`.execute(store.db)).rows;
    leases = (
      await sql<Run>`select j.connection_id, a.worker, a.started_at, a.finished_at as ended_at
        from job_attempts a join jobs j on j.id = a.job_id where a.finished_at is not null`.execute(store.db)
    ).rows;
    scheduleRuns = (
      await sql<{
        connection_id: string;
        worker: string;
        at: Date;
        started_at: Date;
        ended_at: Date;
      }>`select * from fleet_schedule_runs order by at`.execute(store.db)
    ).rows;
  }, 120_000);

  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
    await store?.close();
    await database?.drop();
  });

  it('runs every job exactly once, spread across all three workers', async ({ annotate }) => {
    expect(runs).toHaveLength(TOTAL);
    expect(
      new Set(runs.map((r) => `${r.connection_id}:${(r as unknown as { job_key: string }).job_key}`)).size,
    ).toBe(TOTAL);
    const byWorker = new Map<string, number>();
    for (const r of runs) byWorker.set(r.worker, (byWorker.get(r.worker) ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual(['w1', 'w2', 'w3']);
    const shares = [...byWorker]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([worker, n]) => `${worker} ${n}`)
      .join(', ');
    await annotate(`jobs per worker: ${shares}`);
    // Most of the run is the busy connection alone (3 slots for 3 workers): without the per-claim
    // cap of src/engine/claim-share.ts the worker holding its slots kept them.
    for (const n of byWorker.values()) expect(n, shares).toBeGreaterThan(TOTAL * 0.15);
  });

  it('never runs more jobs of one connection at once than its limit, across the fleet', () => {
    for (let c = 0; c < CONNECTIONS; c++) {
      const own = runs.filter((r) => r.connection_id === connectionId(c));
      expect(maxOverlap(own), connectionId(c)).toBeLessThanOrEqual(PER_CONNECTION_LIMIT);
    }
    // The busy connection did use its limit (the bound is the limit, not an accident of timing): it
    // held that many lanes at once, claim to completion. (The handlers' own 15 ms inside those
    // leases need not line up: three workers can settle into a rhythm where no three overlap.)
    const busyLeases = leases.filter((r) => r.connection_id === connectionId(0));
    expect(busyLeases.length).toBe(BIG);
    expect(maxOverlap(busyLeases)).toBeGreaterThanOrEqual(PER_CONNECTION_LIMIT);
  });

  it('counts schedule runs (polls) against the same limit, and still runs them on the busy connection', () => {
    for (let c = 0; c < CONNECTIONS; c++) {
      const own = [
        ...runs.filter((r) => r.connection_id === connectionId(c)),
        ...scheduleRuns.filter((r) => r.connection_id === connectionId(c)),
      ];
      expect(maxOverlap(own), connectionId(c)).toBeLessThanOrEqual(PER_CONNECTION_LIMIT);
    }
    // While its backlog kept every lane busy, the busy connection's poll still got a lane each
    // interval (a waiting poll goes before the next job).
    const busy = runs.filter((r) => r.connection_id === connectionId(0));
    const backlogEnd = Math.max(...busy.map((r) => r.ended_at.getTime()));
    const polls = scheduleRuns.filter(
      (r) => r.connection_id === connectionId(0) && r.started_at.getTime() < backlogEnd,
    );
    expect(polls.length).toBeGreaterThanOrEqual(2);
  });

  it('runs each schedule once per interval fleet-wide', () => {
    for (let c = 0; c < CONNECTIONS; c++) {
      const times = scheduleRuns
        .filter((r) => r.connection_id === connectionId(c))
        .map((r) => r.at.getTime());
      expect(times.length).toBeGreaterThanOrEqual(2);
      // Three workers tick every 100 ms; without the slot each interval would run about 30 times.
      expect(times.length).toBeLessThanOrEqual(Math.ceil(windowMs / SCHEDULE_INTERVAL_MS) + 1);
      for (let i = 1; i < times.length; i++) {
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(SCHEDULE_INTERVAL_MS - 50);
      }
    }
    // Which process wins a slot is not fixed (one that started first may win them all); what
    // matters is that no interval ran twice, checked above.
  });

  it('lets the small connections finish while the busy one still has most of its backlog', () => {
    const big = runs
      .filter((r) => r.connection_id === connectionId(0))
      .map((r) => r.ended_at.getTime())
      .sort((a, b) => a - b);
    const smallDone = Math.max(
      ...runs.filter((r) => r.connection_id !== connectionId(0)).map((r) => r.ended_at.getTime()),
    );
    const bigDoneBySmallDone = big.filter((t) => t <= smallDone).length;
    expect(bigDoneBySmallDone).toBeLessThan(BIG * 0.3);
  });
});
