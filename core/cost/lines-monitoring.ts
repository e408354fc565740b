import { allInvocations, priced, ratesRuns } from './lines-compute';
import type { RegionPrices } from './prices';
import type { Traffic } from './traffic';
import type { CostLine, ResolvedCostInput } from './types';

/** Active (provider, sending domain) pairs: each domain sends through a few providers. */
export function domainPairs(input: ResolvedCostInput): number {
  const { providers, sendingDomains, assumptions } = input;
  return (
    sendingDomains * Math.min(assumptions.providersPerDomain, providers.length)
  );
}

/** Distinct metric series of one name: every dimension set's combinations. */
export function seriesPerName(input: ResolvedCostInput): number {
  const p = input.providers.length;
  const byProvider = input.metricDimensions.includes('Provider');
  const byDomain = input.metricDimensions.includes('SendingDomain');
  // Sets are prefixes: {Provider} and {Provider, SendingDomain} (dimensions.ts).
  if (byProvider && byDomain) return p + domainPairs(input);
  if (byProvider) return p;
  return byDomain ? input.sendingDomains : 1;
}

/** CloudWatch metrics, API calls, dashboard and alarms. */
export function monitoringLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  const a = input.assumptions;
  const series = seriesPerName(input);
  const webhookProviders = t.providers.filter((p) => p.viaApi).length;
  // Counts + BounceRate/ComplaintRate per series; WebhookRejected by Provider × ~2 reasons.
  const metrics =
    (a.eventMetricNamesPerProvider + 2) * series + 2 * webhookProviders;
  const p = input.providers.length;
  const byDomain = input.metricDimensions.includes('SendingDomain');
  // Per provider: 2 rates × warning/critical; the 2 worst-domain alarms
  // (Metrics Insights) are billed per series they analyse.
  const alarmMetrics =
    4 * p + (byDomain ? 2 * domainPairs(input) : 0) + a.healthAlarms;
  return [
    priced(
      'CloudWatch',
      'custom metrics',
      metrics,
      'metrics',
      price.cloudWatchMetricMonth,
    ),
    priced(
      'CloudWatch',
      'PutMetricData (one per invocation)',
      allInvocations(t, a),
      'requests',
      price.cloudWatchApiPer1000,
      1000,
    ),
    priced(
      'CloudWatch',
      'GetMetricData (rates runs)',
      ratesRuns(a) * 4 * series,
      'metrics',
      price.cloudWatchGetMetricDataPer1000Metrics,
      1000,
    ),
    priced(
      'CloudWatch',
      'dashboard',
      1,
      'dashboards',
      price.cloudWatchDashboardMonth,
    ),
    priced(
      'CloudWatch',
      'alarms',
      alarmMetrics,
      'alarm metrics',
      price.cloudWatchAlarmMetricMonth,
    ),
  ];
}
