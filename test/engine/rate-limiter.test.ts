import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/engine/rate-limiter.ts';

describe('rate limiter', () => {
  it('lets a burst through, then spaces starts at the rate', async () => {
    const limiter = new RateLimiter(20, 2);
    const started: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 6 }, () => limiter.acquire().then(() => started.push(performance.now() - t0))),
    );
    // 2 at once, then 4 more at 20/s: the last starts at least ~200 ms after the first (never sooner).
    expect(started[5]! - started[0]!).toBeGreaterThan(150);
  });

  it('serves callers in arrival order', async () => {
    const limiter = new RateLimiter(50, 1);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => limiter.acquire().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });
});
