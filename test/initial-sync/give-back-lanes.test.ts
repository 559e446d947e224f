// An initial sync holding every lane of its connection gives one back to a poll that waits for
// it, once its own calls fit in the smaller number, instead of making the poll wait for the whole
// sync; it takes the lane again once the poll is done.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LaneHolds } from '../../src/engine/lane-holds.ts';
import { finishScheduleRun, startScheduleRun } from '../../src/engine/schedule.ts';
import { takeScheduleLane } from '../../src/engine/schedule-lanes.ts';
import { FleetLanes } from '../../src/flows/initial-sync/fleet-lanes.ts';
import { Limiter } from '../../src/flows/initial-sync/limiter.ts';
import { insertConnection } from '../helpers/connections.ts';
import { backends, openTestStore, type TestStore } from '../helpers/store.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 5_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe.each(backends)('an initial sync gives lanes to waiting polls on %s', (backend) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(backend);
    await insertConnection(store.db, 'c', 4);
  });
  afterEach(async () => store?.dispose());

  it('lowers its limiter, waits for a call of its own to end, then frees the lane; and grows back', async () => {
    const holds = new LaneHolds(store.db);
    const limiter = new Limiter(4, 0);
    const lanes = new FleetLanes(holds, {
      connectionId: 'c',
      purpose: 'test sync',
      wanted: 4,
      limiters: [limiter],
      renewMs: 50,
      waitMs: 20,
    });
    expect(await lanes.take()).toBe(4);
    // Four calls of the sync in flight, each ended by the test.
    const ends: (() => void)[] = [];
    const calls = Array.from({ length: 4 }, () =>
      limiter.run(() => new Promise<void>((resolve) => ends.push(resolve))),
    );
    await until(() => ends.length === 4, 'four calls in flight');

    const poll = { connectionId: 'c', name: 'orders-poll', owner: 'w1' };
    const now = () => new Date();
    expect(await startScheduleRun(store.db, poll, { now: now(), leaseMs: 30_000, force: false })).toBe(
      'started',
    );
    // A renewal sees the poll waiting: the limiter drops to 3 at once, but the hold stays at 4
    // while four calls are still in flight.
    await until(() => limiter.limit === 3, 'the limiter lowered');
    await sleep(150);
    expect(await takeScheduleLane(store.db, poll, now())).toBe(false);
    expect((await holds.list('c'))[0]?.lanes).toBe(4);

    // One call ends: the sync's calls fit in 3 lanes, the hold shrinks, the poll gets its lane.
    ends.shift()?.();
    await until(() => takeScheduleLane(store.db, poll, now()), 'the poll to get its lane');
    expect((await holds.list('c'))[0]?.lanes).toBe(3);
    // No new call of the sync starts past the 3 lanes meanwhile.
    let fourthStarted = false;
    const fourth = limiter.run(async () => {
      fourthStarted = true;
      return 'ran';
    });
    await sleep(100);
    expect(fourthStarted).toBe(false);

    // The poll ends: a later renewal takes the lane back.
    await finishScheduleRun(store.db, poll, { now: now(), nextDue: new Date(Date.now() + 60_000) });
    for (const end of ends.splice(0)) end();
    await until(async () => (await holds.list('c'))[0]?.lanes === 4, 'the hold to grow back');
    expect(await fourth).toBe('ran');
    await Promise.all(calls);
    await lanes.release();
    expect(await holds.list('c')).toEqual([]);
  });
});
