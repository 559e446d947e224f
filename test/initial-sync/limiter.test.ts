import { describe, expect, it } from 'vitest';
import { Limiter, laneUsage } from '../../src/flows/initial-sync/limiter.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Limiter', () => {
  it('never runs more than its limit at once, and counts the calls and the lane time they held', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.run(async () => {
          running++;
          most = Math.max(most, running);
          await sleep(30);
          running--;
        }),
      ),
    );
    expect(most).toBe(2);
    expect(limiter.usage.calls).toBe(6);
    // Six calls of at least 30 ms each held a lane at least 180 ms in all.
    expect(limiter.usage.laneMs).toBeGreaterThanOrEqual(6 * 29);
    const usage = laneUsage(limiter, limiter.usage.laneMs / 1000 / 2);
    expect(usage.calls).toBe(6);
    expect(usage.meanCallMs).toBeGreaterThanOrEqual(29);
    // Over a run as long as the lane time spread over both lanes, the lanes were full; over twice
    // that, half full.
    expect(usage.lanesBusy).toBe(1);
    expect(laneUsage(limiter, limiter.usage.laneMs / 1000).lanesBusy).toBe(0.5);
  });

  it('counts a call that failed, and frees its lane', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await limiter.run(async () => undefined);
    expect(limiter.usage.calls).toBe(2);
    expect(laneUsage(limiter, 0)).toEqual({ calls: 2, meanCallMs: expect.any(Number), lanesBusy: 0 });
  });

  it('starts calls waiting for a lane as soon as it gets lanes, and lets calls in flight finish when it loses them', async () => {
    const limiter = new Limiter(3, 0);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const call = (i: number) =>
      limiter.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await sleep(40);
        running--;
      });
    const calls = [0, 1, 2, 3].map(call);
    await sleep(20);
    // No lane yet: nothing started.
    expect(started).toEqual([]);
    limiter.setLimit(2);
    await sleep(10);
    expect(started).toEqual([0, 1]);
    // Down to one lane while two run: both finish, then one at a time.
    limiter.setLimit(1);
    await Promise.all(calls);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
    // Never more than its width, whatever it is given.
    limiter.setLimit(10);
    expect(limiter.limit).toBe(3);
  });
});
