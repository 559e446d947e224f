import type { Rng } from './rng.ts';

/** Failure behaviour a test can switch on to see how a client copes with a flaky Magento. */
export interface FaultSettings {
  /** Added delay before every /rest answer. */
  latencyMs?: number;
  /** Share (0..1) of requests answered 500 or 503. */
  errorRate?: number;
  /** 429 with Retry-After: for a share of requests, or beyond maxPerSecond requests in any second. */
  rateLimit?: { share?: number; maxPerSecond?: number; retryAfterSeconds?: number };
  /** Share of requests that never get an answer (the client has to give up). */
  timeoutRate?: number;
  /** Share of requests whose socket is destroyed without an answer. */
  dropRate?: number;
  /** More requests in flight than this are answered 429 with Retry-After. */
  maxConcurrent?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'status'; status: 429 | 500 | 503; retryAfterSeconds?: number }
  | { kind: 'hang' }
  | { kind: 'drop' };

/** Decides per request which fault (if any) applies; randomness comes from the seeded stream. */
export class FaultInjector {
  settings: FaultSettings = {};
  private inFlight = 0;
  private recent: number[] = [];

  constructor(private readonly rng: Rng) {}

  configure(settings: FaultSettings): void {
    this.settings = { ...settings };
    this.recent = [];
  }

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  decide(nowMs: number): FaultDecision {
    const s = this.settings;
    const retryAfterSeconds = s.rateLimit?.retryAfterSeconds ?? 1;
    if (s.maxConcurrent !== undefined && this.inFlight > s.maxConcurrent)
      return { kind: 'status', status: 429, retryAfterSeconds };
    if (s.rateLimit?.maxPerSecond !== undefined) {
      this.recent = this.recent.filter((t) => nowMs - t < 1000);
      if (this.recent.length >= s.rateLimit.maxPerSecond)
        return { kind: 'status', status: 429, retryAfterSeconds };
      this.recent.push(nowMs);
    }
    if (this.rng.chance(s.rateLimit?.share ?? 0)) return { kind: 'status', status: 429, retryAfterSeconds };
    if (this.rng.chance(s.dropRate ?? 0)) return { kind: 'drop' };
    if (this.rng.chance(s.timeoutRate ?? 0)) return { kind: 'hang' };
    if (this.rng.chance(s.errorRate ?? 0))
      return { kind: 'status', status: this.rng.chance(0.5) ? 500 : 503 };
    return { kind: 'none' };
  }
}
