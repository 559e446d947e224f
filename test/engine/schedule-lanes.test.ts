// Schedule runs take a lane of their connection like jobs: a run waits while the limit is taken,
// gets the next lane a job gives back (no new job takes it meanwhile), and runs waiting together
// go in the order they took their leases without waiting for each other.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.ts';
import { LaneHolds } from '../../src/engine/lane-holds.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import {
  finishScheduleRun,
  renewScheduleLease,
  type ScheduleSlot,
  startScheduleRun,
} from '../../src/engine/schedule.ts';
import { takeScheduleLane } from '../../src/engine/schedule-lanes.ts';
import { beat } from '../../src/engine/worker-processes.ts';
import { insertConnection } from '../helpers/connections.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('schedule runs and the connection limit on %s', (backend) => {
  let store: TestStore;
  let clock: ManualClock;
  let queue: JobQueue;

  beforeEach(async () => {
    store = await openTestStore(backend);
    clock = new ManualClock();
    queue = new JobQueue(store.db, { clock });
  });
  afterEach(async () => {
    await store.dispose();
  });

  const slot = (name: string): ScheduleSlot => ({ connectionId: 'c', name, owner: 'worker-1' });

  async function start(name: string) {
    const started = await startScheduleRun(store.db, slot(name), {
      now: clock.now(),
      leaseMs: 30_000,
      force: false,
    });
    expect(started).toBe('started');
    // Runs that start in the same instant still have an order (the name breaks the tie).
    clock.advance(1);
  }

  const lane = (name: string) => takeScheduleLane(store.db, slot(name), clock.now());

  async function runningJobs(count: number) {
    await queue.enqueueMany(
      Array.from({ length: count + 5 }, (_, i) => ({
        connectionId: 'c',
        stream: 's',
        kind: 'k',
        entityKey: `e-${i}`,
        payload: {},
      })),
    );
    const claimed = [];
    while (claimed.length < count) claimed.push(...(await queue.claimBatch('w', 30_000, 1)).jobs);
    return claimed;
  }

  it('waits while every lane is taken, and gets the next lane a job gives back', async () => {
    await insertConnection(store.db, 'c', 2);
    const jobs = await runningJobs(2);
    await start('orders-poll');
    expect(await lane('orders-poll')).toBe(false);
    await queue.complete(jobs[0]!);
    // The waiting run counts: the lane the job gave back is not claimed by another job.
    expect((await queue.claimBatch('w', 30_000, 4)).jobs).toEqual([]);
    expect(await lane('orders-poll')).toBe(true);
    expect((await queue.claimBatch('w', 30_000, 4)).jobs).toEqual([]);
    // The run ends: its lane goes back to the jobs.
    await finishScheduleRun(store.db, slot('orders-poll'), { now: clock.now(), nextDue: clock.now() });
    expect((await queue.claimBatch('w', 30_000, 4)).jobs).toHaveLength(1);
  });

  it('lets runs waiting together go in the order they took their leases, none waiting for a later one', async () => {
    await insertConnection(store.db, 'c', 2);
    const jobs = await runningJobs(1);
    await start('stock-feed');
    await start('orders-poll');
    // One lane free: the first run takes it; the second waits for the first, not the other way.
    expect(await lane('orders-poll')).toBe(false);
    expect(await lane('stock-feed')).toBe(true);
    expect(await lane('orders-poll')).toBe(false);
    await queue.complete(jobs[0]!);
    expect(await lane('orders-poll')).toBe(true);
  });

  it('never deadlocks when more runs wait than the connection has lanes', async () => {
    await insertConnection(store.db, 'c', 1);
    await start('a');
    await start('b');
    await start('c');
    expect(await lane('c')).toBe(false);
    expect(await lane('b')).toBe(false);
    expect(await lane('a')).toBe(true);
    await finishScheduleRun(store.db, slot('a'), { now: clock.now(), nextDue: clock.now() });
    expect(await lane('c')).toBe(false);
    expect(await lane('b')).toBe(true);
    await finishScheduleRun(store.db, slot('b'), { now: clock.now(), nextDue: clock.now() });
    expect(await lane('c')).toBe(true);
  });

  it('counts a run whose lease ran out for nothing', async () => {
    await insertConnection(store.db, 'c', 1);
    await start('stuck');
    expect(await lane('stuck')).toBe(true);
    await start('next');
    expect(await lane('next')).toBe(false);
    // The first run's process died; the waiting one keeps renewing its lease. Once the dead one's
    // lease is over, the waiting run gets the lane.
    clock.advance(20_000);
    await renewScheduleLease(store.db, slot('next'), new Date(clock.now().getTime() + 30_000));
    expect(await lane('next')).toBe(false);
    clock.advance(10_001);
    expect(await lane('next')).toBe(true);
  });

  it('shares the lanes with an initial sync: a waiting run neither shrinks a hold nor lets it grow past it', async () => {
    await insertConnection(store.db, 'c', 3);
    const holds = new LaneHolds(store.db, clock);
    const hold = (id: string | null) =>
      holds.hold({ connectionId: 'c', holder: 'sync', id, wanted: 3, leaseMs: 30_000 });
    const jobs = await runningJobs(1);
    const held = await hold(null);
    expect(held.lanes).toBe(2);
    await start('orders-poll');
    expect(await lane('orders-poll')).toBe(false);
    // The job ends: the waiting run gets the lane, and the hold keeps its two.
    await queue.complete(jobs[0]!);
    expect((await hold(held.id)).lanes).toBe(2);
    expect(await lane('orders-poll')).toBe(true);
    await finishScheduleRun(store.db, slot('orders-poll'), { now: clock.now(), nextDue: clock.now() });
    // Five jobs are still ready and none runs, and a worker process is alive to run them: their
    // lane is not the hold's to grow into.
    await beat(store.db, 'worker-1', clock.now(), true);
    expect((await hold(held.id)).lanes).toBe(2);
    for (let batch = await queue.claimBatch('w', 30_000, 5); batch.jobs.length > 0; ) {
      for (const job of batch.jobs) await queue.complete(job);
      batch = await queue.claimBatch('w', 30_000, 5);
    }
    expect((await hold(held.id)).lanes).toBe(3);
  });

  it('lets the installation housekeeping, which is no connection schedule, run at once', async () => {
    const own: ScheduleSlot = { connectionId: '*', name: 'housekeeping', owner: 'worker-1' };
    await startScheduleRun(store.db, own, { now: clock.now(), leaseMs: 30_000, force: false });
    expect(await takeScheduleLane(store.db, own, clock.now())).toBe(true);
  });
});
