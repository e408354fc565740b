import { OTHER_DOMAIN } from './aggregate';
import { dimensionSets } from './dimensions';
import { RATE_INPUT_METRICS, type RateCounts } from './rates';
import type { MetricDimension } from './types';

/** The dimensions of one series a rate is computed for, e.g. {Provider:'ses'}. */
export type SeriesDimensions = Readonly<Record<string, string>>;

/** One count to sum over the window, for one series. */
export interface RateQuery {
  /** GetMetricData id: starts lower-case, [a-zA-Z0-9_] only. */
  readonly id: string;
  readonly metricName: string;
  readonly dimensions: SeriesDimensions;
  readonly series: number;
  readonly field: keyof RateCounts;
}

const FIELDS = Object.keys(RATE_INPUT_METRICS) as (keyof RateCounts)[];

function sameKeys(dims: SeriesDimensions, set: readonly string[]): boolean {
  const keys = Object.keys(dims);
  return keys.length === set.length && set.every((k) => k in dims);
}

/**
 * The distinct series, among those ListMetrics returned for the denominator
 * metrics, whose dimension names form one of the configured dimension sets
 * (so {Provider} and {Provider,SendingDomain}, never stray combinations)
 * and whose SendingDomain, if any, is listed or `(other)`: series of
 * domains no longer listed are left to expire.
 * @example selectRateSeries([{ Provider: 'ses' }, { Reason: 'x' }], ['Provider'], [])
 */
export function selectRateSeries(
  listed: readonly SeriesDimensions[],
  dimensions: readonly MetricDimension[],
  sendingDomains: readonly string[],
): SeriesDimensions[] {
  const sets = dimensionSets(dimensions, sendingDomains.length > 0);
  const domains = new Set([...sendingDomains, OTHER_DOMAIN]);
  const seen = new Set<string>();
  const out: SeriesDimensions[] = [];
  for (const dims of listed) {
    const set = sets.find((s) => sameKeys(dims, s));
    if (!set) continue;
    const domain = dims.SendingDomain;
    if (domain !== undefined && !domains.has(domain)) continue;
    const ordered = Object.fromEntries(set.map((k) => [k, dims[k] as string]));
    const key = JSON.stringify(ordered);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ordered);
  }
  return out;
}

/** The four SUM queries (accepted, hard bounces, delivered, complaints) per series. */
export function buildRateQueries(
  series: readonly SeriesDimensions[],
): RateQuery[] {
  return series.flatMap((dimensions, i) =>
    FIELDS.map((field) => ({
      id: `s${i}_${field}`,
      metricName: RATE_INPUT_METRICS[field],
      dimensions,
      series: i,
      field,
    })),
  );
}

/**
 * Folds the per-query sums (missing = 0: no data means no events) back into
 * one {@link RateCounts} per series, in series order.
 */
export function countsFromSums(
  queries: readonly RateQuery[],
  seriesCount: number,
  sums: ReadonlyMap<string, number>,
): RateCounts[] {
  const counts: Record<keyof RateCounts, number>[] = Array.from(
    { length: seriesCount },
    () => ({
      accepted: 0,
      hardBounces: 0,
      delivered: 0,
      complaints: 0,
    }),
  );
  for (const q of queries) {
    const c = counts[q.series] as Record<keyof RateCounts, number>;
    c[q.field] += sums.get(q.id) ?? 0;
  }
  return counts;
}
