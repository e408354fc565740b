import { MalformedPayloadError } from './errors';

const DAY_MS = 86_400_000;
// 0000-01-01 … 9999-12-31: where toISOString prints a plain 4-digit year.
// Before 1970 (negative times) the fast path is not used either.
const LAST_MS = 253_402_300_800_000;
const PREFIX_CACHE_LIMIT = 4096;
const prefixes = new Map<number, string>();
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) =>
  String(i).padStart(3, '0'),
);

/** `YYYY-MM-DDT` of a UTC day number, computed once per day. */
function dayPrefix(day: number): string {
  let prefix = prefixes.get(day);
  if (prefix === undefined) {
    if (prefixes.size >= PREFIX_CACHE_LIMIT) prefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    prefixes.set(day, prefix);
  }
  return prefix;
}

/**
 * Formats epoch milliseconds as ISO 8601 UTC with milliseconds, exactly as
 * `new Date(ms).toISOString()` does, without a Date per call: the date part
 * is cached per day (a batch's events share a few days), the time of day is
 * plain arithmetic. NaN throws MalformedPayloadError.
 * @example isoFromMillis(0) // '1970-01-01T00:00:00.000Z'
 */
export function isoFromMillis(ms: number): string {
  if (!(ms >= 0 && ms < LAST_MS && Number.isInteger(ms))) {
    const date = new Date(ms);
    if (Number.isNaN(date.getTime())) {
      throw new MalformedPayloadError('invalid date');
    }
    return date.toISOString();
  }
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${dayPrefix(day)}${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}.${THREE[rest - seconds * 1000]}Z`;
}
