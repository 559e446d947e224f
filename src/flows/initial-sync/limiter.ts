// At most N calls in flight against one system: the remote's concurrency limit is also our
// throughput ceiling, so every read and write of an initial sync goes through one of these.

export class Limiter {
  private active = 0;
  private current: number;
  private readonly waiting: (() => void)[] = [];
  /** Waiting for the calls in flight to come down to a number (see `inFlightAtMost`). */
  private readonly draining: { most: number; resolve: () => void }[] = [];
  /** Calls run, and the milliseconds a lane was held for them (summed over the lanes). */
  readonly usage = { calls: 0, laneMs: 0 };

  /**
   * `width`: the most lanes it will ever have, which sizes read-ahead and pipes; `lanes`: how many
   * it has now (fewer while the connection's lanes are shared with workers, see fleet-lanes.ts).
   */
  constructor(
    readonly width: number,
    lanes = width,
  ) {
    this.current = Math.min(lanes, width);
  }

  /** The lanes it has now. */
  get limit(): number {
    return this.current;
  }

  /** Gives it more lanes (waiting calls start at once) or fewer (calls in flight finish first). */
  setLimit(lanes: number): void {
    this.current = Math.max(0, Math.min(lanes, this.width));
    for (let free = this.current - this.active; free > 0 && this.waiting.length > 0; free--)
      this.waiting.shift()?.();
  }

  /** Resolves once at most `most` calls are in flight (after `setLimit` lowered the lanes). */
  inFlightAtMost(most: number): Promise<void> {
    if (this.active <= most) return Promise.resolve();
    return new Promise((resolve) => this.draining.push({ most, resolve }));
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // A loop: a call woken by setLimit may find the lane taken by one that came in meanwhile.
    while (this.active >= this.current) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.usage.calls++;
      this.usage.laneMs += performance.now() - started;
      this.active--;
      if (this.active < this.current) this.waiting.shift()?.();
      for (let i = this.draining.length - 1; i >= 0; i--) {
        const drain = this.draining[i] as { most: number; resolve: () => void };
        if (this.active <= drain.most) {
          this.draining.splice(i, 1);
          drain.resolve();
        }
      }
    }
  }
}

/**
 * How a run used one system's lanes: how full they were over the run (of the most it could
 * have), and how long a call held a lane on average (the remote's latency plus everything else a
 * call costs: encoding, transfer, the remote's work, and waiting for a busy event loop on either
 * side).
 */
export function laneUsage(limiter: Limiter, seconds: number) {
  const { calls, laneMs } = limiter.usage;
  return {
    calls,
    meanCallMs: calls === 0 ? 0 : Number((laneMs / calls).toFixed(1)),
    lanesBusy: seconds <= 0 ? 0 : Number((laneMs / 1000 / (seconds * limiter.width)).toFixed(2)),
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
