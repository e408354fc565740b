import {
  buildRateQueries,
  countsFromSums,
  type RateQuery,
  type SeriesDimensions,
  selectRateSeries,
} from '../../core/metrics/rate-queries';
import {
  computeRates,
  RATE_INPUT_METRICS,
  type RateWindow,
  ratePoints,
  rateWindow,
} from '../../core/metrics/rates';
import type { MetricDimension, MetricPoint } from '../../core/metrics/types';

/** The metric store rates are read from and written to (CloudWatch in AWS). */
export interface RateMetrics {
  /** Every dimension combination of one metric in the namespace. */
  listDimensions(
    namespace: string,
    metricName: string,
  ): Promise<SeriesDimensions[]>;
  /** SUM of each query's metric over the window; no data means absent. */
  sum(
    namespace: string,
    queries: readonly RateQuery[],
    window: RateWindow,
  ): Promise<Map<string, number>>;
  /** Publishes points in one batch (none when empty). */
  publish(points: readonly MetricPoint[], namespace: string): Promise<void>;
}

/** What one rates run needs; `now` is a parameter so tests pin the window. */
export interface RatesRun {
  readonly namespace: string;
  readonly dimensions: readonly MetricDimension[];
  /** Listed sending domains (config metrics.sendingDomains). */
  readonly sendingDomains: readonly string[];
  readonly windowHours: number;
  readonly minimumVolume: number;
  /** ISO time the run treats as now. */
  readonly now: string;
}

/** What a rates run did, for the log line. */
export interface RatesSummary {
  readonly window: RateWindow;
  readonly series: number;
  readonly points: number;
}

/**
 * Discovers the series (ListMetrics on Accepted and Delivered), sums the
 * rate inputs over the trailing window (GetMetricData SUM), and publishes
 * BounceRate/ComplaintRate per series above the minimum volume, one
 * PutMetricData (none when nothing reaches the minimum).
 */
export async function publishRates(
  metrics: RateMetrics,
  run: RatesRun,
): Promise<RatesSummary> {
  const ns = run.namespace;
  const window = rateWindow(run.now, run.windowHours);
  const listed = [
    ...(await metrics.listDimensions(ns, RATE_INPUT_METRICS.accepted)),
    ...(await metrics.listDimensions(ns, RATE_INPUT_METRICS.delivered)),
  ];
  const series = selectRateSeries(listed, run.dimensions, run.sendingDomains);
  const queries = buildRateQueries(series);
  const sums = await metrics.sum(ns, queries, window);
  const counts = countsFromSums(queries, series.length, sums);
  const points = series.flatMap((dims, i) =>
    ratePoints(
      computeRates(counts[i] as (typeof counts)[number], run.minimumVolume),
      dims,
      window.end,
    ),
  );
  await metrics.publish(points, ns);
  return { window, series: series.length, points: points.length };
}
