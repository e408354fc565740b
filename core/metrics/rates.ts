import { BOUNCE_METRIC_NAMES, EVENT_METRIC_NAMES } from './aggregate';
import type { MetricPoint } from './types';

/** Names of the published rate metrics (unit Percent, 0–100). */
export const RATE_METRICS = {
  bounceRate: 'BounceRate',
  complaintRate: 'ComplaintRate',
} as const;

/** The count metrics a rate is computed from, keyed by {@link RateCounts} field. */
export const RATE_INPUT_METRICS: Readonly<Record<keyof RateCounts, string>> = {
  accepted: EVENT_METRIC_NAMES.accepted,
  hardBounces: BOUNCE_METRIC_NAMES.hard,
  delivered: EVENT_METRIC_NAMES.delivered,
  complaints: EVENT_METRIC_NAMES.complained,
};

/** Sums of the input counts over the trailing window, for one series. */
export interface RateCounts {
  readonly accepted: number;
  readonly hardBounces: number;
  readonly delivered: number;
  readonly complaints: number;
}

/** Ratios 0–1; null when that rate's denominator is below the minimum volume. */
export interface Rates {
  readonly bounceRate: number | null;
  readonly complaintRate: number | null;
}

/**
 * BounceRate = hard bounces / accepted; ComplaintRate = complaints /
 * delivered. Each is null while its denominator is below `minimumVolume`
 * (at the minimum it is published), so one bounce in five sends never
 * alarms; null when neither rate has the volume.
 * @example computeRates({ accepted: 200, hardBounces: 10, delivered: 190, complaints: 0 }, 100)
 */
export function computeRates(
  counts: RateCounts,
  minimumVolume: number,
): Rates | null {
  const ratio = (num: number, den: number): number | null =>
    den >= minimumVolume && den > 0 ? num / den : null;
  const bounceRate = ratio(counts.hardBounces, counts.accepted);
  const complaintRate = ratio(counts.complaints, counts.delivered);
  if (bounceRate === null && complaintRate === null) return null;
  return { bounceRate, complaintRate };
}

/**
 * The Percent points (value 0–100) for one series' rates; a null rate
 * publishes nothing, which the alarms treat as not breaching.
 * @example ratePoints(rates, { Provider: 'ses' }, '2026-03-14T02:15:00.000Z')
 */
export function ratePoints(
  rates: Rates | null,
  dimensions: Readonly<Record<string, string>>,
  timestamp?: string,
): MetricPoint[] {
  if (rates === null) return [];
  const points: MetricPoint[] = [];
  for (const key of ['bounceRate', 'complaintRate'] as const) {
    const value = rates[key];
    if (value === null) continue;
    points.push({
      name: RATE_METRICS[key],
      dimensions: { ...dimensions },
      value: percentOf(value),
      unit: 'Percent',
      ...(timestamp ? { timestamp } : {}),
    });
  }
  return points;
}

/**
 * A ratio 0–1 as a percentage, rounded to 12 significant digits so config
 * thresholds stay exact (0.07 × 100 is 7.000000000000001 in floating point).
 * @example percentOf(0.07) // 7
 */
export function percentOf(ratio: number): number {
  return Number((ratio * 100).toPrecision(12));
}

/** A trailing window [start, end) in ISO UTC, end floored to the period. */
export interface RateWindow {
  readonly start: string;
  readonly end: string;
  readonly periodSeconds: number;
}

/** Bucket size for GetMetricData; rates are accurate to this. */
export const RATE_PERIOD_SECONDS = 300;

/**
 * The trailing window ending at `now` floored to {@link RATE_PERIOD_SECONDS},
 * so the SUM over 5-minute buckets covers exactly `hours` hours.
 * @example rateWindow('2026-03-14T02:17:31.000Z', 24) // 2026-03-13T02:15Z → 2026-03-14T02:15Z
 */
export function rateWindow(now: string, hours: number): RateWindow {
  const step = RATE_PERIOD_SECONDS * 1000;
  const end = Math.floor(Date.parse(now) / step) * step;
  const start = end - hours * 3_600_000;
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    periodSeconds: RATE_PERIOD_SECONDS,
  };
}
