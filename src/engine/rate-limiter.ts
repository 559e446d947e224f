// A token bucket: at most `perSecond` starts per second on average, bursts up to `burst`. One per
// remote per connection in a process (the fleet-wide limit is the concurrency limit of the claim).
export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, Math.ceil(perSecond)),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = this.burst;
  }

  /** Resolves when the caller may start; callers are served in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(((1 - this.tokens) / this.perSecond) * 1000);
    }
  }
}
