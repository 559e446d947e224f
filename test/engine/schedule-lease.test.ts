// Schedules run once per interval across workers and never two at a time: a run holds a lease on
// its schedule, a forced run (a callback) that finds it held asks for one more run instead of
// starting a second one, and a dead worker's lease lapses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../../src/app/runtime.ts';
import {
  finishScheduleRun,
  renewScheduleLease,
  type ScheduleSlot,
  startScheduleRun,
} from '../../src/engine/schedule.ts';
import { createLogger } from '../../src/log/logger.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';
import { fleetConnections } from '../scale/fleet-config.ts';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, seconds));

describe.each(backends)('schedule leases on %s', (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => store?.dispose());

  const slot = (owner: string, name: string): ScheduleSlot => ({ connectionId: 'c', name, owner });

  it('lets one owner run at a time and the next run come due after the interval', async () => {
    const a = slot('a', 'poll-1');
    const b = slot('b', 'poll-1');
    const lease = { leaseMs: 30_000, force: false };
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(0) })).toBe('started');
    // Held: a second worker does not start it, not even after the interval has passed.
    expect(await startScheduleRun(store.db, b, { ...lease, now: at(1) })).toBe('not-due');
    expect(await startScheduleRun(store.db, b, { ...lease, now: at(20) })).toBe('not-due');
    await finishScheduleRun(store.db, a, { now: at(21), nextDue: at(10) });
    expect(await startScheduleRun(store.db, b, { ...lease, now: at(21) })).toBe('started');
    await finishScheduleRun(store.db, b, { now: at(22), nextDue: at(31) });
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(30) })).toBe('not-due');
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(31) })).toBe('started');
  });

  it('turns a forced start during a run into one more run right after it', async () => {
    const a = slot('a', 'poll-2');
    const b = slot('b', 'poll-2');
    const lease = { leaseMs: 30_000 };
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(0), force: false })).toBe('started');
    expect(await startScheduleRun(store.db, b, { ...lease, now: at(1), force: true })).toBe('busy');
    // Finishing makes it due at once instead of after the interval.
    await finishScheduleRun(store.db, a, { now: at(2), nextDue: at(10) });
    expect(await startScheduleRun(store.db, b, { ...lease, now: at(2), force: false })).toBe('started');
    await finishScheduleRun(store.db, b, { now: at(3), nextDue: at(12) });
    // Not forced while idle: that one flag was used up.
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(4), force: false })).toBe('not-due');
    // Forced while idle: runs now whatever the interval says.
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(4), force: true })).toBe('started');
  });

  it('lets a dead worker’s lease lapse unless it is renewed', async () => {
    const a = slot('a', 'poll-3');
    const b = slot('b', 'poll-3');
    const lease = { leaseMs: 10_000, force: false };
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(0) })).toBe('started');
    expect(await renewScheduleLease(store.db, a, at(15))).toBe(true);
    expect(await startScheduleRun(store.db, b, { ...lease, now: at(12) })).toBe('not-due');
    expect(await startScheduleRun(store.db, b, { ...lease, now: at(15) })).toBe('started');
    // The old holder finds its lease gone and cannot hand back what it no longer holds.
    expect(await renewScheduleLease(store.db, a, at(30))).toBe(false);
    await finishScheduleRun(store.db, a, { now: at(16), nextDue: at(16) });
    expect(await startScheduleRun(store.db, a, { ...lease, now: at(17), force: true })).toBe('busy');
  });
});

describe('two runtimes sharing one store', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore('pglite');
  });
  afterAll(async () => store?.dispose());

  it('never run one schedule at the same time, even when runs outlast the interval and callbacks force them', async () => {
    const connection = fleetConnections()[0]!;
    const runs: { worker: string; start: number; end: number }[] = [];
    const runtimeFor = (worker: string) =>
      new Runtime({
        store,
        connections: [connection],
        logger: createLogger({ level: 'silent' }),
        workers: 0,
        schedulerTickMs: 20,
        buildFlows: () => ({
          handlers: {},
          schedules: [
            {
              name: 'feed',
              intervalMs: 100,
              run: async () => {
                const start = performance.now();
                await new Promise((resolve) => setTimeout(resolve, 150));
                runs.push({ worker, start, end: performance.now() });
              },
            },
          ],
        }),
      });
    const workers = [runtimeFor('w1'), runtimeFor('w2')];
    for (const runtime of workers) await runtime.start();
    // Callbacks ring both workers in turn, far more often than a run takes.
    let lastForcedAt = 0;
    for (let i = 0; i < 30; i++) {
      lastForcedAt = performance.now();
      void workers[i % 2]!.runScheduleNow(connection.id, 'feed');
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const runtime of workers) await runtime.stop(1_000);
    await new Promise((resolve) => setTimeout(resolve, 200));

    runs.sort((x, y) => x.start - y.start);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    // Which worker wins each run is not fixed (under load one may win them all); that none overlap is.
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.start, `run ${i} began before run ${i - 1} ended`).toBeGreaterThanOrEqual(
        runs[i - 1]!.end,
      );
    }
    // The last ring came while a run was going: a later run saw what it announced.
    expect(runs.some((r) => r.start >= lastForcedAt)).toBe(true);
  });
});
