import { DOMAIN_METRIC_NAMES } from '../metrics/aggregate';
import { RATE_INPUT_METRICS } from '../metrics/rates';
import type { Provider } from '../schema';
import {
  allInvocations,
  allowance,
  freeNote,
  priced,
  ratesRuns,
} from './lines-compute';
import { FREE_TIER, type RegionPrices, tieredUsd } from './prices';
import type { Traffic } from './traffic';
import type { CostLine, ResolvedCostInput } from './types';

const HOURS_PER_MONTH = 730;

/**
 * Share of events each count metric gets (a typical transactional mix, an
 * assumption): the names a provider publishes, and how often. Rare names
 * (complaints) publish in few hours at low volume, so bill few metric-hours.
 */
export const EVENT_MIX: Readonly<Record<string, number>> = {
  Accepted: 0.32,
  Delivered: 0.31,
  Opened: 0.16,
  Clicked: 0.06,
  Deferred: 0.05,
  HardBounced: 0.02,
  SoftBounced: 0.01,
  Dropped: 0.01,
  Unsubscribed: 0.002,
  Complained: 0.001,
};

/** Rates published per series (rates Lambda), from these counts. */
const RATE_NAMES = 2;
const RATE_INPUTS = Object.values(RATE_INPUT_METRICS);

/**
 * The {Provider, SendingDomain} set carries only what the per-domain rates
 * need; volume by event type stays per provider (core/metrics/aggregate).
 */
export const DOMAIN_SET_NAMES: readonly string[] = DOMAIN_METRIC_NAMES;

/** Webhook count metrics per webhook provider: WebhookRequests, WebhookRejected × 2 reasons. */
const REJECT_REASONS = 2;

/**
 * One group of metric series sharing a dimension set: `series` values, each
 * receiving `eventsPerSeries` events a month.
 */
export interface SeriesGroup {
  readonly series: number;
  readonly eventsPerSeries: number;
  /** Count names published in this set (rates are added per series). */
  readonly names: readonly string[];
}

const ALL_NAMES = Object.keys(EVENT_MIX);

/**
 * The dimension sets counts are published under ({Provider} and
 * {Provider, SendingDomain}, as in core/metrics/dimensions.ts), with the
 * SendingDomain values bounded to the listed domains plus `(other)`; with no
 * domain listed the domain set would repeat {Provider} and is not published.
 * Events are spread evenly over a provider's domain values.
 */
export function seriesGroups(input: ResolvedCostInput): SeriesGroup[] {
  const byProvider = input.metricDimensions.includes('Provider');
  const byDomain =
    input.metricDimensions.includes('SendingDomain') &&
    (input.sendingDomains > 0 || !byProvider);
  const domainValues = input.sendingDomains + 1;
  const events = (p: Provider) => input.eventsByProvider[p];
  const total = input.providers.reduce((n, p) => n + events(p), 0);
  const groups: SeriesGroup[] = [];
  if (byProvider) {
    for (const p of input.providers) {
      groups.push({ series: 1, eventsPerSeries: events(p), names: ALL_NAMES });
      if (byDomain)
        groups.push({
          series: domainValues,
          eventsPerSeries: events(p) / domainValues,
          names:
            input.domainMetrics === 'rateInputs' ? DOMAIN_SET_NAMES : ALL_NAMES,
        });
    }
  } else if (byDomain) {
    groups.push({
      series: domainValues,
      eventsPerSeries: total / domainValues,
      names: ALL_NAMES,
    });
  } else {
    groups.push({ series: 1, eventsPerSeries: total, names: ALL_NAMES });
  }
  return groups;
}

/** Share of the month's hours in which a series with `perMonth` points publishes one (Poisson). */
export function activeShare(perMonth: number, saturate: boolean): number {
  return saturate ? 1 : 1 - Math.exp(-perMonth / HOURS_PER_MONTH);
}

/**
 * Custom metric-months: every count series weighted by the hours it
 * publishes, rates for series with enough volume, webhook counts.
 * `saturate` counts every configured series as active all month.
 */
export function metricMonths(
  input: ResolvedCostInput,
  t: Traffic,
  saturate = false,
): number {
  const a = input.assumptions;
  let months = 0;
  for (const g of seriesGroups(input)) {
    for (const name of g.names) {
      months +=
        g.series * activeShare(g.eventsPerSeries * EVENT_MIX[name]!, saturate);
    }
    const sendsInWindow =
      (g.eventsPerSeries * EVENT_MIX.Accepted! * a.rateWindowHours) /
      HOURS_PER_MONTH;
    if (saturate || sendsInWindow >= a.rateMinimumVolume)
      months += g.series * RATE_NAMES;
  }
  for (const p of t.providers) {
    if (p.viaApi) {
      months += activeShare(p.invocations, saturate);
      months +=
        REJECT_REASONS *
        activeShare((p.invocations * a.rejectShare) / REJECT_REASONS, saturate);
    }
  }
  // NormalizeErrors by Provider.
  for (const p of input.providers) {
    months += activeShare(input.eventsByProvider[p] * a.rejectShare, saturate);
  }
  return months;
}

/** Count metrics the rates Lambda reads per run: 4 per series with data in its window. */
function rateQueryMetrics(input: ResolvedCostInput): number {
  const hours = input.assumptions.rateWindowHours;
  let n = 0;
  for (const g of seriesGroups(input)) {
    for (const name of RATE_INPUTS) {
      const inWindow = (g.eventsPerSeries * EVENT_MIX[name]! * hours) / 730;
      n += g.series * (1 - Math.exp(-inWindow));
    }
  }
  return n;
}

/**
 * Alarm metrics: bounce and complaint rate at warning and critical per
 * provider, both rates (critical) per provider for each listed domain, and
 * the pipeline-health alarms.
 */
export function alarmMetrics(input: ResolvedCostInput): number {
  const byProvider = input.metricDimensions.includes('Provider');
  const byDomain = input.metricDimensions.includes('SendingDomain');
  const providers = byProvider ? input.providers.length : 1;
  return (
    2 * 2 * providers +
    (byDomain ? 2 * providers * input.sendingDomains : 0) +
    input.assumptions.healthAlarms
  );
}

/** CloudWatch metrics (EMF or PutMetricData), API calls, dashboard and alarms. */
export function monitoringLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  const a = input.assumptions;
  const months = metricMonths(input, t);
  const freeMetrics = allowance(input, FREE_TIER.cloudWatchMetrics);
  const emf = input.metricsTransport === 'emf';
  // EMF: only the rates Lambda calls PutMetricData, once per run.
  const putRequests = emf ? ratesRuns(a) : allInvocations(t, a);
  const freeApi = FREE_TIER.cloudWatchApiRequests;
  return [
    {
      service: 'CloudWatch',
      item: `custom metrics (${emf ? 'EMF' : 'PutMetricData'}, metric-months by hours published, tiered)${freeNote(input, FREE_TIER.cloudWatchMetrics, 'metrics')}`,
      quantity: months,
      unit: 'metric-months',
      usd: tieredUsd(
        Math.max(0, months - freeMetrics),
        price.cloudWatchMetricTiers,
      ),
    },
    priced(
      'CloudWatch',
      `PutMetricData (${emf ? 'rates runs only' : 'one per invocation'})${freeNote(input, freeApi, 'requests')}`,
      putRequests,
      'requests',
      price.cloudWatchApiPer1000,
      1000,
      allowance(input, freeApi),
    ),
    priced(
      'CloudWatch',
      'GetMetricData (rates runs)',
      ratesRuns(a) * rateQueryMetrics(input),
      'metrics',
      price.cloudWatchGetMetricDataPer1000Metrics,
      1000,
    ),
    priced(
      'CloudWatch',
      'dashboard (more than 50 metrics: no free tier)',
      1,
      'dashboards',
      price.cloudWatchDashboardMonth,
    ),
    priced(
      'CloudWatch',
      `alarms${freeNote(input, FREE_TIER.cloudWatchAlarmMetrics, 'alarm metrics')}`,
      alarmMetrics(input),
      'alarm metrics',
      price.cloudWatchAlarmMetricMonth,
      1,
      allowance(input, FREE_TIER.cloudWatchAlarmMetrics),
    ),
  ];
}
