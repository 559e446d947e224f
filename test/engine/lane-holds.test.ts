// Lanes held outside the queue (an initial sync) and the claims: together they never exceed a
// connection's limit, a hold takes only free lanes, and a hold whose process died stops counting
// once its lease runs out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.ts';
import type { EnqueueInput } from '../../src/engine/job-types.ts';
import { LaneHolds } from '../../src/engine/lane-holds.ts';
import { JobQueue } from '../../src/engine/queue.ts';
import { startScheduleRun } from '../../src/engine/schedule.ts';
import { takeScheduleLane } from '../../src/engine/schedule-lanes.ts';
import { beat } from '../../src/engine/worker-processes.ts';
import { insertConnection } from '../helpers/connections.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

describe.each(backends)('lane holds on %s', (backend) => {
  let store: TestStore;
  let clock: ManualClock;
  let queue: JobQueue;
  let holds: LaneHolds;

  beforeEach(async () => {
    store = await openTestStore(backend);
    clock = new ManualClock();
    queue = new JobQueue(store.db, { clock });
    holds = new LaneHolds(store.db, clock);
    await insertConnection(store.db, 'c', 4);
  });
  afterEach(async () => {
    await store.dispose();
  });

  const jobs = (count: number): EnqueueInput[] =>
    Array.from({ length: count }, (_, i) => ({
      connectionId: 'c',
      stream: 's',
      kind: 'k',
      entityKey: `e-${i}`,
      payload: { i },
    }));

  /** Claims until nothing more is given; answers every job claimed. */
  async function claimAll() {
    const claimed = [];
    for (;;) {
      const claim = await queue.claimBatch('w', 30_000, 8);
      if (claim.jobs.length === 0) return claimed;
      claimed.push(...claim.jobs);
    }
  }

  const take = (wanted: number, id: string | null = null) =>
    holds.hold({ connectionId: 'c', holder: 'test', id, wanted, leaseMs: 10_000 });

  it('takes only the lanes running jobs leave free, and claims leave held lanes alone', async () => {
    await queue.enqueueMany(jobs(10));
    const running = await queue.claimBatch('w', 30_000, 1);
    expect(running.jobs).toHaveLength(1);
    const held = await take(4);
    expect(held).toMatchObject({ lanes: 3, takenByOthers: 1 });
    // One job runs and three lanes are held: the limit of 4 is reached.
    expect(await claimAll()).toEqual([]);
    await queue.complete(running.jobs[0]!);
    expect(await claimAll()).toHaveLength(1);
    await holds.release(held.id!);
    expect(await claimAll()).toHaveLength(3);
  });

  it('grows a hold on renewal as jobs finish, never past what it wants', async () => {
    await queue.enqueueMany(jobs(10));
    const running = await claimAll();
    expect(running).toHaveLength(4);
    expect(await take(3)).toEqual({ id: null, lanes: 0, takenByOthers: 4, owed: 0 });
    await queue.complete(running[0]!);
    const first = await take(3);
    expect(first.lanes).toBe(1);
    await queue.complete(running[1]!);
    await queue.complete(running[2]!);
    await queue.complete(running[3]!);
    const renewed = await take(3, first.id);
    expect(renewed).toEqual({ id: first.id, lanes: 3, takenByOthers: 0, owed: 0 });
    expect(await holds.list('c')).toHaveLength(1);
    // The fourth lane is the workers'.
    expect(await claimAll()).toHaveLength(1);
  });

  it('counts a hold whose lease ran out for nothing, and a late renewal takes only what is free', async () => {
    const held = await take(4);
    expect(held.lanes).toBe(4);
    await queue.enqueueMany(jobs(10));
    expect(await claimAll()).toEqual([]);
    // Its process stopped renewing: once the lease is over, the workers get the lanes.
    clock.advance(10_001);
    const claimed = await claimAll();
    expect(claimed).toHaveLength(4);
    expect(await holds.list('c')).toEqual([]);
    // The holder comes back: nothing is free, so it holds nothing (and waits).
    expect(await take(4, held.id)).toEqual({ id: null, lanes: 0, takenByOthers: 4, owed: 0 });
    await queue.complete(claimed[0]!);
    await queue.complete(claimed[1]!);
    expect((await take(4, held.id)).lanes).toBe(2);
  });

  it('adds up several holds with the running jobs', async () => {
    expect((await take(2)).lanes).toBe(2);
    expect((await take(2)).lanes).toBe(2);
    expect(await take(1)).toEqual({ id: null, lanes: 0, takenByOthers: 4, owed: 0 });
    await queue.enqueueMany(jobs(2));
    expect(await claimAll()).toEqual([]);
  });

  it('tells a hold that fills the limit about polls waiting for a lane, and a smaller hold lets them in', async () => {
    const held = await take(4);
    expect(held.lanes).toBe(4);
    const poll = { connectionId: 'c', name: 'orders-poll', owner: 'w1' };
    const now = clock.now();
    expect(await startScheduleRun(store.db, poll, { now, leaseMs: 30_000, force: false })).toBe('started');
    expect(await takeScheduleLane(store.db, poll, now)).toBe(false);
    // The renewal keeps the 4 lanes (calls may be in flight) and says one run waits.
    expect(await take(4, held.id)).toEqual({ id: held.id, lanes: 4, takenByOthers: 1, owed: 1 });
    await holds.shrink(held.id!, 3);
    expect(await takeScheduleLane(store.db, poll, now)).toBe(true);
    // The run has its lane: nothing waits, and the hold does not grow back into it.
    expect(await take(4, held.id)).toEqual({ id: held.id, lanes: 3, takenByOthers: 1, owed: 0 });
    // A shrink never grows a hold nor takes its last lane.
    await holds.shrink(held.id!, 10);
    await holds.shrink(held.id!, 0);
    expect((await holds.list('c'))[0]?.lanes).toBe(1);
  });

  it('keeps a lane for ready jobs while none of them runs, and asks a full hold to give one back', async () => {
    await beat(store.db, 'worker-1', clock.now(), true);
    await queue.enqueueMany(jobs(10));
    // Jobs wait and none runs: a new hold leaves them a lane.
    const held = await take(4);
    expect(held).toMatchObject({ lanes: 3, owed: 0 });
    const first = await claimAll();
    expect(first).toHaveLength(1);
    await holds.release(held.id!);

    // A hold that has every lane when jobs arrive is asked for one back.
    await queue.complete(first[0]!);
    for (let batch = await claimAll(); batch.length > 0; batch = await claimAll())
      for (const job of batch) await queue.complete(job);
    const full = await take(4);
    expect(full.lanes).toBe(4);
    await queue.enqueueMany(jobs(3).map((j) => ({ ...j, entityKey: `late-${j.entityKey}` })));
    expect(await take(4, full.id)).toMatchObject({ lanes: 4, owed: 1 });
    await holds.shrink(full.id!, 3);
    expect(await claimAll()).toHaveLength(1);
    // One job runs now: the queue has its lane, nothing more is owed.
    expect(await take(4, full.id)).toMatchObject({ lanes: 3, owed: 0 });
  });

  it('keeps no lane for ready jobs while no process that runs jobs is alive', async () => {
    await queue.enqueueMany(jobs(10));
    const renew = (id: string | null) =>
      holds.hold({ connectionId: 'c', holder: 'test', id, wanted: 4, leaseMs: 60_000 });
    // The service is stopped: nobody would take a lane kept for the jobs.
    const held = await renew(null);
    expect(held).toMatchObject({ lanes: 4, owed: 0 });
    // A worker process starts: the full hold is asked for a lane back.
    await beat(store.db, 'worker-1', clock.now(), true);
    expect(await renew(held.id)).toEqual({ id: held.id, lanes: 4, takenByOthers: 0, owed: 1 });
    // Its heartbeat stops: once it counts as dead (30 s), nothing is owed again.
    clock.advance(25_000);
    expect(await renew(held.id)).toEqual({ id: held.id, lanes: 4, takenByOthers: 0, owed: 1 });
    clock.advance(5_001);
    expect(await renew(held.id)).toEqual({ id: held.id, lanes: 4, takenByOthers: 0, owed: 0 });
  });

  it('does not count a waiting run against a hold while lanes are free for it', async () => {
    const held = await take(2);
    const poll = { connectionId: 'c', name: 'stock-poll', owner: 'w1' };
    const now = clock.now();
    await startScheduleRun(store.db, poll, { now, leaseMs: 30_000, force: false });
    // Leased, not yet given its lane: it counts, but two lanes are free, so nothing is owed.
    expect((await take(2, held.id)).owed).toBe(0);
  });

  it('refuses a connection that is not in the store', async () => {
    await expect(
      holds.hold({ connectionId: 'nope', holder: 'test', id: null, wanted: 1, leaseMs: 1000 }),
    ).rejects.toThrow('Connection nope is not in the store');
  });
});
