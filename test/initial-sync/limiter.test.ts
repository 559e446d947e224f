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
});
