// At most N calls in flight against one system: the remote's concurrency limit is also our
// throughput ceiling, so every read and write of an initial sync goes through one of these.

export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Calls run, and the milliseconds a lane was held for them (summed over the lanes). */
  readonly usage = { calls: 0, laneMs: 0 };

  constructor(readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.usage.calls++;
      this.usage.laneMs += performance.now() - started;
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * How a run used one system's lanes: how full they were over the run, and how long a call held a
 * lane on average (the remote's latency plus everything else a call costs: encoding, transfer, the
 * remote's work, and waiting for a busy event loop on either side).
 */
export function laneUsage(limiter: Limiter, seconds: number) {
  const { calls, laneMs } = limiter.usage;
  return {
    calls,
    meanCallMs: calls === 0 ? 0 : Number((laneMs / calls).toFixed(1)),
    lanesBusy: seconds <= 0 ? 0 : Number((laneMs / 1000 / (seconds * limiter.limit)).toFixed(2)),
  };
}

/** Runs `fn` over `items` with at most `limit` at once; resolves when all are done. */
export async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}

/**
 * Keeps up to `limit` submissions in flight and lets the producer go on meanwhile: `submit` only
 * waits when the pipe is full (backpressure, so memory stays bounded), `drain` waits for the rest.
 */
export class Pipe {
  private readonly inFlight = new Set<Promise<void>>();
  private firstError: unknown;

  constructor(private readonly limit: number) {}

  async submit(task: () => Promise<void>): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    if (this.firstError) throw this.firstError;
    const promise: Promise<void> = task()
      .catch((error) => {
        this.firstError ??= error;
      })
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    if (this.firstError) throw this.firstError;
  }
}
