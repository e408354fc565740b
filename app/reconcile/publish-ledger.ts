import {
  type LedgerDayPoint,
  ledgerDayPoints,
  ledgerWindow,
  missedShareExceeded,
  parseLedgerRow,
} from '../../core/reconcile/ledger';

/** Runs the `reconciliation` named query (Athena in AWS): rows as text cells. */
export interface LedgerQuery {
  run(params: {
    from_dt: string;
    to_dt: string;
  }): Promise<Readonly<Record<string, string>>[]>;
}

/** Where the per-day points go (EMF through Powertools Metrics in AWS). */
export interface LedgerMetrics {
  publish(points: readonly LedgerDayPoint[]): Promise<void> | void;
}

/** What one reconciliation run needs; `now` pins the window in tests. */
export interface LedgerRun {
  /** Days reconciled, today included. */
  readonly days: number;
  /** Share of a day's events above which its misses alarm (summary only). */
  readonly missedShare: number;
  readonly now: Date;
}

/** What a run did, for the log line. */
export interface LedgerSummary {
  readonly from_dt: string;
  readonly to_dt: string;
  /** Ledger rows (provider × day) the query returned. */
  readonly rows: number;
  /** Rows whose day the archive has covered: the points published. */
  readonly covered: number;
  /** only_in_archive summed over the covered days. */
  readonly missed: number;
  /** Covered days whose misses exceed the share (what the alarm sees). */
  readonly daysOverShare: readonly { provider: string; dt: string }[];
}

/**
 * Runs the ledger over the last `days` days and publishes, per provider and
 * covered day, MissedWebhookEvents and ReconciledEvents. Days the archive
 * has not covered yet publish nothing.
 */
export async function publishLedger(
  query: LedgerQuery,
  metrics: LedgerMetrics,
  run: LedgerRun,
): Promise<LedgerSummary> {
  const window = ledgerWindow(run.days, run.now);
  const rows = (await query.run(window)).map(parseLedgerRow);
  const points = ledgerDayPoints(rows);
  await metrics.publish(points);
  return {
    ...window,
    rows: rows.length,
    covered: points.length,
    missed: points.reduce((n, p) => n + p.missed, 0),
    daysOverShare: points
      .filter((p) => missedShareExceeded(p, run.missedShare))
      .map(({ provider, dt }) => ({ provider, dt })),
  };
}
