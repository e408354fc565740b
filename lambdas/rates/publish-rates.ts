import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  buildRateQueries,
  countsFromSums,
  selectRateSeries,
} from '../../core/metrics/rate-queries';
import {
  computeRates,
  RATE_INPUT_METRICS,
  type RateWindow,
  ratePoints,
  rateWindow,
} from '../../core/metrics/rates';
import type { MetricDimension } from '../../core/metrics/types';
import { publishMetrics } from '../shared/metrics';
import { listMetricDimensions, sumMetrics } from './cloudwatch-read';

/** What one rates run needs; `now` is a parameter so tests pin the window. */
export interface RatesRun {
  readonly namespace: string;
  readonly dimensions: readonly MetricDimension[];
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
  client: CloudWatchClient,
  run: RatesRun,
): Promise<RatesSummary> {
  const ns = run.namespace;
  const window = rateWindow(run.now, run.windowHours);
  const listed = [
    ...(await listMetricDimensions(client, ns, RATE_INPUT_METRICS.accepted)),
    ...(await listMetricDimensions(client, ns, RATE_INPUT_METRICS.delivered)),
  ];
  const series = selectRateSeries(listed, run.dimensions);
  const queries = buildRateQueries(series);
  const sums = await sumMetrics(client, ns, queries, window);
  const counts = countsFromSums(queries, series.length, sums);
  const points = series.flatMap((dims, i) =>
    ratePoints(
      computeRates(counts[i] as (typeof counts)[number], run.minimumVolume),
      dims,
      window.end,
    ),
  );
  await publishMetrics(client, points, ns);
  return { window, series: series.length, points: points.length };
}
