/**
 * The time window of the named queries: the first `dt` partition day they
 * read, given as the query parameter `since` (YYYY-MM-DD, UTC). Athena binds
 * it as an execution parameter; `mailtrail query` fills it from --since/--days.
 */

/** Name of the window parameter every time-bounded named query declares. */
export const SINCE_PARAM = 'since';

/** A `since` that every partition day passes: the whole lake. */
export const ALL_DAYS = '0001-01-01';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `text` if it is a real calendar day written YYYY-MM-DD; else throws. */
export function parseSinceDate(text: string): string {
  const ms = DATE.test(text) ? Date.parse(`${text}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new Error(`expected a date YYYY-MM-DD, got "${text}"`);
  }
  return text;
}

/**
 * The `since` of the last `days` days up to `now`, today included:
 * 1 → today, 30 → the 29 days before today and today (UTC).
 */
export function sinceDaysAgo(days: number, now: Date): string {
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`expected a whole number of days ≥ 1, got ${days}`);
  }
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00.000Z`);
  return new Date(today - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}
