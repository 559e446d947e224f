// Exponential backoff with full jitter, shared by the job engine (between job attempts) and the
// HTTP clients (between quick in-call retries). Pure: the random source is passed in.

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseDelayMs: 1_000, maxDelayMs: 10 * 60_000 };

/**
 * Delay before attempt number `attempt + 1`, given `attempt` failures so far (1-based). A delay the
 * remote asked for (Retry-After) is a floor: we never come back sooner than asked.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  // Half fixed, half jittered: spreads retries of many jobs without ever retrying instantly.
  const delay = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(delay, retryAfterMs ?? 0);
}
