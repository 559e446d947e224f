import { createRng, type Rng } from './rng.ts';

/** Fault injection on the API paths (never on /_emulator). Rates are 0..1. */
export interface FaultSettings {
  /** delay before answering, ms */
  latencyMs?: number;
  /** share of calls answered HTTP 500 or 503 */
  errorRate?: number;
  /** calls per second per sbmId (token bucket, burst = the same number); beyond: code 98 "retry after N s" */
  rateLimit?: number | null;
  /** share of calls never answered (the client's timeout fires) */
  timeoutRate?: number;
  /** share of calls whose socket is destroyed without an answer */
  dropRate?: number;
  /** calls handled at once; beyond: code 98 */
  maxConcurrent?: number | null;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'drop' }
  | { kind: 'timeout' }
  | { kind: 'error'; status: 500 | 503 };

/**
 * Decisions are drawn from a generator seeded by the instance seed and restarted whenever the
 * settings change, so a test that sets faults sees the same sequence on every run.
 */
export class Faults {
  private settings: Required<FaultSettings> = normalise({});
  private rng: Rng;
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  private active = 0;

  constructor(
    private readonly seed: number,
    initial: FaultSettings = {},
  ) {
    this.rng = createRng(seed ^ 0x5eed);
    this.set(initial);
  }

  set(settings: FaultSettings): Required<FaultSettings> {
    this.settings = normalise(settings);
    this.rng = createRng(this.seed ^ 0x5eed);
    this.buckets.clear();
    return this.current();
  }

  current(): Required<FaultSettings> {
    return { ...this.settings };
  }

  /** Three draws per call whatever the outcome, so one setting does not shift another's sequence. */
  decide(): FaultDecision {
    const [d, t, e] = [this.rng(), this.rng(), this.rng()];
    const s = this.settings;
    if (d < s.dropRate) return { kind: 'drop' };
    if (t < s.timeoutRate) return { kind: 'timeout' };
    if (e < s.errorRate) return { kind: 'error', status: e < s.errorRate / 2 ? 500 : 503 };
    return { kind: 'none' };
  }

  latencyMs(): number {
    return this.settings.latencyMs;
  }

  /** Seconds to wait when the account is over its rate, else null (and a token is spent). */
  rateLimited(sbmId: number, nowMs: number): number | null {
    const rate = this.settings.rateLimit;
    if (rate === null || rate <= 0) return null;
    const b = this.buckets.get(sbmId) ?? { tokens: rate, at: nowMs };
    b.tokens = Math.min(rate, b.tokens + ((nowMs - b.at) / 1000) * rate);
    b.at = nowMs;
    this.buckets.set(sbmId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }

  /** Enter a call; false when maxConcurrent is reached (the caller must not call leave()). */
  enter(): boolean {
    const max = this.settings.maxConcurrent;
    if (max !== null && this.active >= max) return false;
    this.active++;
    return true;
  }

  leave(): void {
    this.active = Math.max(0, this.active - 1);
  }
}

function normalise(s: FaultSettings): Required<FaultSettings> {
  const rate = (v: number | undefined) => Math.min(1, Math.max(0, v ?? 0));
  return {
    latencyMs: Math.max(0, s.latencyMs ?? 0),
    errorRate: rate(s.errorRate),
    rateLimit: s.rateLimit ?? null,
    timeoutRate: rate(s.timeoutRate),
    dropRate: rate(s.dropRate),
    maxConcurrent: s.maxConcurrent ?? null,
  };
}
