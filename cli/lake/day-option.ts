import { parseSinceDate } from '../../core/queries/window';
import { CliUsageError } from '../types';

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
  try {
    return parseSinceDate(value);
  } catch {
    throw new CliUsageError(`--${name} must be a day as YYYY-MM-DD`);
  }
}

/** Throws when both days are given and `from` comes after `to`. */
export function assertDayOrder(from?: string, to?: string): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw new CliUsageError('--from is after --to');
  }
}
