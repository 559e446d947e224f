// Bounds what repeated rings can make Koppla do. A ring only says "read the feed now", and Specter's
// key has no nonce, so a replayed ring cannot be told from a real one. Instead, rings for the same
// connection and feed start at most one read per interval; rings inside the interval are merged into
// one read at its end, so a real change is never missed and a flood of replays costs one read.

export interface ThrottleOptions {
  intervalMs: number;
  now?: () => number;
}

export type RingOutcome = 'now' | 'deferred' | 'merged';

export class CallbackThrottle {
  private readonly lastRun = new Map<string, number>();
  private readonly deferred = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Runs `read` now, or once at the end of the current interval; says which. */
  ring(key: string, read: () => void): RingOutcome {
    if (this.deferred.has(key)) return 'merged';
    const last = this.lastRun.get(key);
    const now = this.now();
    if (last === undefined || now - last >= this.options.intervalMs) {
      this.lastRun.set(key, now);
      read();
      return 'now';
    }
    const timer = setTimeout(
      () => {
        this.deferred.delete(key);
        this.lastRun.set(key, this.now());
        read();
      },
      last + this.options.intervalMs - now,
    );
    timer.unref();
    this.deferred.set(key, timer);
    return 'deferred';
  }

  close(): void {
    for (const timer of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
  }
}
