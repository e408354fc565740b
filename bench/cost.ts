import { estimateCost } from '../core/cost/model';
import { FREE_TIER, PRICES, tieredUsd } from '../core/cost/prices';
import type { CostInput, CostMargins } from '../core/cost/types';
import { renderTable } from './report';

/**
 * The design before issue 13, as the cost model prices it: one
 * PutMetricData per invocation, X-Ray on every function, SES through SNS,
 * every sending domain a dimension value with every count (the corpus has
 * five; the model adds an `(other)` value, a slight overcount), SNAPPY
 * Parquet (100 B an event), raw flushed every 300 s, 15 health alarms. It
 * also had rate alarms blastengine and CMC could never feed (6 of them,
 * $0.60 a month), which the model no longer counts.
 */
export const BEFORE: Omit<CostInput, 'eventsPerMonth'> = {
  metricsTransport: 'putMetricData',
  tracing: 'active',
  sesDestinations: ['sns'],
  sendingDomains: 5,
  domainMetrics: 'allCounts',
  assumptions: {
    parquetBytesPerEvent: 100,
    rawBufferIntervalSeconds: 300,
    healthAlarms: 15,
    emfBytesPerInvocation: 400,
  },
};

/** The default configuration, and the same with five listed sending domains. */
export const AFTER: Readonly<
  Record<string, Omit<CostInput, 'eventsPerMonth'>>
> = {
  'after: default config (no listed domain)': {},
  'after: 5 listed sending domains': { sendingDomains: 5 },
};

const usd = (n: number | null) => (n === null ? '—' : `$${n.toFixed(2)}`);

/** One more million SES events: ingest and process, keep, metric hours. */
function splitOf(m: CostMargins): string {
  if (m.perMillionSesEventsUsd === null) return '—';
  const keep = m.perMillionSesKeepUsd ?? 0;
  const hours = m.perMillionSesMetricHoursUsd ?? 0;
  const ingest = m.perMillionSesEventsUsd - keep - hours;
  return [ingest, keep, hours].map(usd).join(' / ');
}

/** Before/after bills at 1M and 10M events, with marginal costs and floor. */
export function costTable(volumes: readonly number[] = [1e6, 1e7]): {
  rows: string[][];
  text: string;
} {
  const designs: [string, Omit<CostInput, 'eventsPerMonth'>][] = [
    ['before: PutMetricData, X-Ray, SES via SNS, 5 domains', BEFORE],
    ...Object.entries(AFTER),
  ];
  const rows = designs.map(([name, design]) => {
    const at = volumes.map((v) =>
      estimateCost({ ...design, eventsPerMonth: v }),
    );
    const last = at[at.length - 1]!.margins;
    return [
      name,
      ...at.map((e) => usd(e.totalUsd)),
      usd(last.perMillionWebhookEventsUsd),
      usd(last.perMillionSesEventsUsd),
      splitOf(last),
      usd(at[0]!.margins.floorUsd),
      usd(
        tieredUsd(
          Math.max(0, last.fullActivityMetrics - FREE_TIER.cloudWatchMetrics),
          PRICES['us-east-1'].cloudWatchMetricTiers,
        ),
      ),
    ];
  });
  const millions = volumes.map((v) => `${v / 1e6}M events`);
  const top = `${volumes[volumes.length - 1]! / 1e6}M`;
  const header = [
    'design',
    ...millions,
    `+1M webhook @${top}`,
    `+1M SES @${top}`,
    'SES: ingest / keep / metric hours',
    'floor',
    'metrics, every series active',
  ];
  return { rows, text: renderTable(header, rows) };
}
