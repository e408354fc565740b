import { estimateCost } from '../core/cost/model';
import { FREE_TIER, PRICES, tieredUsd } from '../core/cost/prices';
import type { CostInput } from '../core/cost/types';
import { renderTable } from './report';

/**
 * The design before issue 13, as the cost model prices it: one
 * PutMetricData per invocation, X-Ray on every function, SES through SNS,
 * every sending domain a dimension value with every count (the corpus has
 * five; the model adds an `(other)` value, a slight overcount).
 */
export const BEFORE: Omit<CostInput, 'eventsPerMonth'> = {
  metricsTransport: 'putMetricData',
  tracing: 'active',
  sesDestinations: ['sns'],
  sendingDomains: 5,
  domainMetrics: 'allCounts',
};

/** The default configuration, and the same with five listed sending domains. */
export const AFTER: Readonly<
  Record<string, Omit<CostInput, 'eventsPerMonth'>>
> = {
  'after: default config (no listed domain)': {},
  'after: 5 listed sending domains': { sendingDomains: 5 },
};

const usd = (n: number | null) => (n === null ? '—' : `$${n.toFixed(2)}`);

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
    'floor',
    'metrics, every series active',
  ];
  return { rows, text: renderTable(header, rows) };
}
