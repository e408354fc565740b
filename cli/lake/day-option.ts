import { CliUsageError } from '../types';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `--from`/`--to` value: a calendar day as YYYY-MM-DD that exists, or
 * `fallback` when the option was not given.
 * @example dayOption('from', values.from, undefined)
 */
export function dayOption<T extends string | undefined>(
  name: string,
  value: string | undefined,
  fallback: T,
): string | T {
  if (value === undefined) return fallback;
  const ms = DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2026-02-30 over to March: the round trip catches it.
  const valid =
    !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value);
  if (!valid) throw new CliUsageError(`--${name} must be a day as YYYY-MM-DD`);
  return value;
}

/** Throws when both days are given and `from` comes after `to`. */
export function assertDayOrder(from?: string, to?: string): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw new CliUsageError('--from is after --to');
  }
}
