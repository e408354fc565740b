import { DOMAIN_METRIC_NAMES } from '../metrics/aggregate';
import { LIVE_COUNT_NAMES, liveRates } from '../metrics/live-names';
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

const RATE_INPUTS = Object.values(RATE_INPUT_METRICS);

/**
 * The {Provider, SendingDomain} set carries only what the per-domain rates
 * need; volume by event type stays per provider (core/metrics/aggregate).
 */
export const DOMAIN_SET_NAMES: readonly string[] = DOMAIN_METRIC_NAMES;

/** Webhook count metrics per webhook provider: WebhookRequests, WebhookRejected × 2 reasons. */
const REJECT_REASONS = 2;

/**
 * A provider's events spread over the count names its live path can
 * publish ({@link LIVE_COUNT_NAMES}): {@link EVENT_MIX} restricted to those
 * names and scaled to sum to 1 (blastengine's webhook reports failures
 * only, so all its events are deferrals, hard bounces and drops).
 */
export function providerMix(provider: Provider): Record<string, number> {
  const live = LIVE_COUNT_NAMES[provider];
  const names = Object.keys(EVENT_MIX).filter((n) => live.includes(n));
  const total = names.reduce((n, name) => n + EVENT_MIX[name]!, 0);
  return Object.fromEntries(names.map((n) => [n, EVENT_MIX[n]! / total]));
}

/**
 * One group of metric series sharing a dimension set: `series` values, each
 * receiving `eventsPerSeries` events a month, spread as `mix` (count name
 * → share of the events), plus `rates` rate metrics per series.
 */
export interface SeriesGroup {
  readonly series: number;
  readonly eventsPerSeries: number;
  readonly mix: Readonly<Record<string, number>>;
  /** Rates the rates Lambda can publish for each series (0–2). */
  readonly rates: number;
}

const only = (mix: Record<string, number>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(mix).filter(([n]) => names.includes(n)));

/**
 * The dimension sets counts are published under ({Provider} and
 * {Provider, SendingDomain}, as in core/metrics/dimensions.ts), with the
 * SendingDomain values bounded to the listed domains plus `(other)`; with no
 * domain listed the domain set would repeat {Provider} and is not published.
 * Events are spread evenly over a provider's domain values; a set without
 * Provider mixes the providers' events by volume.
 */
export function seriesGroups(input: ResolvedCostInput): SeriesGroup[] {
  const byProvider = input.metricDimensions.includes('Provider');
  const byDomain =
    input.metricDimensions.includes('SendingDomain') &&
    (input.sendingDomains > 0 || !byProvider);
  const domainValues = input.sendingDomains + 1;
  const events = (p: Provider) => input.eventsByProvider[p];
  const domainNames = (mix: Record<string, number>) =>
    input.domainMetrics === 'rateInputs' ? only(mix, DOMAIN_SET_NAMES) : mix;
  if (byProvider) {
    return input.providers.flatMap((p): SeriesGroup[] => {
      const mix = providerMix(p);
      const rates = liveRates(p).length;
      const own = { series: 1, eventsPerSeries: events(p), mix, rates };
      if (!byDomain) return [own];
      const perDomain = {
        series: domainValues,
        eventsPerSeries: events(p) / domainValues,
        mix: domainNames(mix),
        rates,
      };
      return [own, perDomain];
    });
  }
  // Providers share each series: their mixes weighted by their volume.
  const total = input.providers.reduce((n, p) => n + events(p), 0);
  const mix: Record<string, number> = {};
  for (const p of input.providers) {
    for (const [name, share] of Object.entries(providerMix(p))) {
      mix[name] =
        (mix[name] ?? 0) + (total > 0 ? (share * events(p)) / total : 0);
    }
  }
  const rates = sharedSeriesRates(input.providers);
  const series = byDomain ? domainValues : 1;
  // {SendingDomain} alone carries every count (core/metrics/dimensions).
  return [{ series, eventsPerSeries: total / series, mix, rates }];
}

/** Rates of a series without Provider, which holds every provider: the most any has. */
const sharedSeriesRates = (providers: readonly Provider[]): number =>
  Math.max(0, ...providers.map((p) => liveRates(p).length));

/** Share of a group's events counted as `name`; 0 for a name it never publishes. */
const shareOf = (g: SeriesGroup, name: string): number => g.mix[name] ?? 0;

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
    for (const share of Object.values(g.mix)) {
      months += g.series * activeShare(g.eventsPerSeries * share, saturate);
    }
    const sendsInWindow =
      (g.eventsPerSeries * shareOf(g, 'Accepted') * a.rateWindowHours) /
      HOURS_PER_MONTH;
    if (saturate || sendsInWindow >= a.rateMinimumVolume)
      months += g.series * g.rates;
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

/**
 * Count metrics the rates Lambda reads per run: 4 per series ListMetrics
 * finds a denominator (Accepted or Delivered) for, about those with one in
 * the window (core/metrics/rate-queries).
 */
function rateQueryMetrics(input: ResolvedCostInput): number {
  const hours = input.assumptions.rateWindowHours;
  let n = 0;
  for (const g of seriesGroups(input)) {
    if (g.rates === 0) continue;
    const share = shareOf(g, 'Accepted') + shareOf(g, 'Delivered');
    const inWindow = (g.eventsPerSeries * share * hours) / HOURS_PER_MONTH;
    n += g.series * RATE_INPUTS.length * (1 - Math.exp(-inWindow));
  }
  return n;
}

/**
 * Alarm metrics: each rate a provider can produce ({@link liveRates}) at
 * warning and critical, and (critical) for each listed domain, plus the
 * pipeline-health alarms.
 */
export function alarmMetrics(input: ResolvedCostInput): number {
  const byProvider = input.metricDimensions.includes('Provider');
  const byDomain = input.metricDimensions.includes('SendingDomain');
  const perSeries = byProvider
    ? input.providers.reduce((n, p) => n + liveRates(p).length, 0)
    : sharedSeriesRates(input.providers);
  return (
    2 * perSeries +
    (byDomain ? perSeries * input.sendingDomains : 0) +
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
