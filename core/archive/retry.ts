import { type BackoffOptions, backoffDelayMs } from '../backoff';
import { REDACTED, redactSecrets } from '../redact-secrets';
import { truncateText } from '../truncate';

/** A status worth retrying: 429 (rate limited) or any 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** A status that means the credentials are wrong: never retried. */
export function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

/**
 * The wait a response asks for, ms: blastengine's
 * X-Rate-Limit-Retry-After-Seconds (docs/providers.md §3.2) first, then the
 * standard Retry-After (seconds or an HTTP date); null when neither parses.
 */
export function retryAfterMs(
  header: (name: string) => string | null,
  nowMs: number,
): number | null {
  const blast = header('x-rate-limit-retry-after-seconds');
  const fromBlast = blast === null ? Number.NaN : Number(blast);
  if (Number.isFinite(fromBlast) && fromBlast >= 0) return fromBlast * 1000;
  const value = header('retry-after');
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * The delay before retry `attempt`: what the server asked for (capped at
 * maxMs), else jittered exponential backoff.
 */
export function retryDelayMs(
  attempt: number,
  askedMs: number | null,
  opts: BackoffOptions,
  random: number,
): number {
  if (askedMs !== null) return Math.min(askedMs, opts.maxMs);
  return backoffDelayMs(attempt, opts, random);
}

const MAX_SUMMARY = 300;
/** How much of an error body is looked at: the summary is cut anyway. */
const MAX_SCANNED = 4096;

/**
 * A provider error body cut down for an error message or log: every known
 * secret value replaced (over the whole body, so none is cut in half), then
 * the first 4,096 characters kept, secret-named fields redacted, whitespace
 * collapsed, at most 300 characters. Linear in the body's length.
 * @example summarizeErrorBody('{"api_key":"k","error":"bad"}', ['k'])
 */
export function summarizeErrorBody(
  text: string,
  secrets: readonly string[],
): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, REDACTED);
  }
  out = redactSecrets(truncateText(out, MAX_SCANNED))
    .replace(/\s+/g, ' ')
    .trim();
  return out.length > MAX_SUMMARY ? `${out.slice(0, MAX_SUMMARY)}…` : out;
}
