import { sinceDaysAgo } from '../queries/window';

/** One row of the `reconciliation` query (core/queries/reconciliation.ts). */
export interface LedgerRow {
  readonly provider: string;
  /** Event day, YYYY-MM-DD (UTC). */
  readonly dt: string;
  readonly webhook_events: number;
  readonly archive_events: number;
  readonly only_in_archive: number;
  readonly only_in_webhook: number;
  /** Whether the provider's archive has reached past that day. */
  readonly coverage: boolean;
}

/** What one covered day publishes: the missed webhooks and the day's events. */
export interface LedgerDayPoint {
  readonly provider: string;
  readonly dt: string;
  /** only_in_archive: events the archive holds and no webhook delivered. */
  readonly missed: number;
  /** Distinct events either side saw that day (webhook_events + only_in_archive). */
  readonly events: number;
}

const COUNTS = [
  'webhook_events',
  'archive_events',
  'only_in_archive',
  'only_in_webhook',
] as const;

const DIGITS = /^\d{1,15}$/;

function count(row: Readonly<Record<string, string>>, key: string): number {
  const cell = row[key];
  if (cell === undefined || !DIGITS.test(cell)) {
    throw new Error(`ledger row: ${key} is not a count ("${cell}")`);
  }
  return Number(cell);
}

/**
 * A ledger row from Athena's text cells (GetQueryResults returns every value
 * as a string; booleans as 'true'/'false'); throws naming a bad cell.
 */
export function parseLedgerRow(
  row: Readonly<Record<string, string>>,
): LedgerRow {
  const { provider, dt, coverage } = row;
  if (!provider || !dt) throw new Error('ledger row: provider or dt missing');
  if (coverage !== 'true' && coverage !== 'false') {
    throw new Error(`ledger row: coverage is not a boolean ("${coverage}")`);
  }
  const [webhook_events, archive_events, only_in_archive, only_in_webhook] =
    COUNTS.map((k) => count(row, k)) as [number, number, number, number];
  return {
    provider,
    dt,
    webhook_events,
    archive_events,
    only_in_archive,
    only_in_webhook,
    coverage: coverage === 'true',
  };
}

/**
 * The points to publish: one per provider and covered day. A day the
 * archive has not covered yet has no verdict (its archive events may still
 * come), so it publishes nothing rather than a misleading 0 or a false miss.
 */
export function ledgerDayPoints(rows: readonly LedgerRow[]): LedgerDayPoint[] {
  return rows
    .filter((r) => r.coverage)
    .map((r) => ({
      provider: r.provider,
      dt: r.dt,
      missed: r.only_in_archive,
      events: r.webhook_events + r.only_in_archive,
    }));
}

/**
 * Whether a day's misses exceed the alarm's share: more than `share` of the
 * day's events and at least one. The same rule as the alarm's metric math
 * ({@link missedAlarmExpression}), for tests and the run summary.
 */
export function missedShareExceeded(
  point: Pick<LedgerDayPoint, 'missed' | 'events'>,
  share: number,
): boolean {
  return point.missed >= 1 && point.missed > share * point.events;
}

/**
 * CloudWatch metric math for {@link missedShareExceeded}: 1 when `missed`
 * (MissedWebhookEvents) is at least 1 and above `share` × `events`
 * (ReconciledEvents), else 0.
 */
export function missedAlarmExpression(
  missed: string,
  events: string,
  share: number,
): string {
  return `IF(${missed} >= 1 AND ${missed} > ${share} * ${events}, 1, 0)`;
}

/** The days a run reconciles: the last `days` days up to `now`, today included. */
export function ledgerWindow(
  days: number,
  now: Date,
): { from_dt: string; to_dt: string } {
  return {
    from_dt: sinceDaysAgo(days, now),
    to_dt: now.toISOString().slice(0, 10),
  };
}

/** The time a day's points carry: noon UTC, well inside a 1-day period. */
export function dayTimestamp(dt: string): Date {
  return new Date(`${dt}T12:00:00.000Z`);
}
