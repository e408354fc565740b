import type { BounceType, EmailEvent, EventType } from '../schema';
import { dimensionSets, isDomainRateSet } from './dimensions';
import { mergePoints } from './merge';
import type { MetricDimension, MetricPoint } from './types';

/** Metric name per canonical event type; `bounced` is split by bounce_type. */
export const EVENT_METRIC_NAMES: Readonly<
  Record<Exclude<EventType, 'bounced'>, string>
> = {
  accepted: 'Accepted',
  delivered: 'Delivered',
  deferred: 'Deferred',
  dropped: 'Dropped',
  rejected: 'Rejected',
  complained: 'Complained',
  opened: 'Opened',
  clicked: 'Clicked',
  unsubscribed: 'Unsubscribed',
  rendering_failed: 'RenderingFailed',
  unknown: 'Unknown',
};

/** Metric name per bounce_type of a `bounced` event. */
export const BOUNCE_METRIC_NAMES: Readonly<Record<BounceType, string>> = {
  hard: 'HardBounced',
  soft: 'SoftBounced',
  undetermined: 'UndeterminedBounced',
};

/**
 * SendingDomain value of every domain not listed in config
 * metrics.sendingDomains (and of events without a from_domain), so the
 * number of billed metrics stays bounded whatever the senders use.
 */
export const OTHER_DOMAIN = '(other)';

/**
 * The counts published in the {Provider, SendingDomain} set: only what the
 * per-domain rates need (core/metrics/rates.ts RATE_INPUT_METRICS).
 */
export const DOMAIN_METRIC_NAMES: readonly string[] = [
  EVENT_METRIC_NAMES.accepted,
  BOUNCE_METRIC_NAMES.hard,
  EVENT_METRIC_NAMES.delivered,
  EVENT_METRIC_NAMES.complained,
];

/** The metric an event counts towards, e.g. `HardBounced` or `Delivered`. */
export function metricNameOf(event: EmailEvent): string {
  if (event.event_type === 'bounced') {
    return BOUNCE_METRIC_NAMES[event.bounce_type ?? 'undetermined'];
  }
  return EVENT_METRIC_NAMES[event.event_type];
}

/**
 * Counts events per metric name (see {@link EVENT_METRIC_NAMES}) under every
 * dimension set of {@link dimensionSets}, merged to one point per name and
 * dimensions. SendingDomain is the event's from_domain when listed in
 * `sendingDomains` (config metrics.sendingDomains, lower case), else
 * {@link OTHER_DOMAIN}; the {Provider, SendingDomain} set carries only
 * {@link DOMAIN_METRIC_NAMES} and is left out when no domain is listed.
 * Timestamps are left unset (publish time): call it for live events only —
 * archived events were already counted when they arrived.
 * @example countEvents(events, ['Provider', 'SendingDomain'], ['mail.example.com'])
 */
export function countEvents(
  events: readonly EmailEvent[],
  dimensions: readonly MetricDimension[],
  sendingDomains: readonly string[] = [],
): MetricPoint[] {
  const listed = new Set(sendingDomains);
  const value: Record<MetricDimension, (e: EmailEvent) => string> = {
    Provider: (e) => e.provider,
    SendingDomain: (e) => {
      const domain = e.from_domain?.toLowerCase();
      return domain !== undefined && listed.has(domain) ? domain : OTHER_DOMAIN;
    },
  };
  const sets = dimensionSets(dimensions, listed.size > 0).map((set) => ({
    set,
    only: isDomainRateSet(set) ? DOMAIN_METRIC_NAMES : undefined,
  }));
  const points: MetricPoint[] = [];
  for (const event of events) {
    const name = metricNameOf(event);
    for (const { set, only } of sets) {
      if (only !== undefined && !only.includes(name)) continue;
      const dims: Record<string, string> = {};
      for (const d of set) dims[d] = value[d](event);
      points.push({ name, dimensions: dims, value: 1, unit: 'Count' });
    }
  }
  return mergePoints(points);
}
