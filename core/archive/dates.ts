import { PipelineError } from '../errors';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** Throws a 'config' PipelineError unless `value` is a `YYYY-MM-DD` date. */
export function assertIsoDate(value: string, name: string): string {
  if (!isIsoDate(value)) {
    throw new PipelineError(`${name} must be a YYYY-MM-DD date`, 'config');
  }
  return value;
}

/** The UTC calendar date of an epoch-millisecond instant. */
export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch milliseconds of 00:00:00 UTC on `date`. */
export function utcDayStartMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** `date` shifted by `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  return utcDate(utcDayStartMs(date) + days * DAY_MS);
}

/** Every date from `from` to `to`, both inclusive; [] when from > to. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** The earlier of two `YYYY-MM-DD` dates. */
export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** The later of two `YYYY-MM-DD` dates. */
export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * The calendar date at `ms` in an IANA timezone (CMC list dates are in the
 * console's timezone, docs/providers.md §4.1).
 * @example localDate(Date.parse('2026-03-13T16:00:00Z'), 'Asia/Tokyo') // '2026-03-14'
 */
export function localDate(ms: number, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));
}
