/** How long to wait between attempts. */
export interface BackoffOptions {
  /** First delay before jitter, ms. */
  readonly baseMs: number;
  /** Cap on any delay, ms (also caps Retry-After). */
  readonly maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay fixed,
 * half random, capped. `attempt` counts from 1; `random` is in [0, 1).
 */
export function backoffDelayMs(
  attempt: number,
  opts: BackoffOptions,
  random: number,
): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random);
}
