import type { BounceType, EmailEvent, EventType } from '../schema';
import { dimensionSets } from './dimensions';
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

/** SendingDomain value for events without a from_domain. */
export const NO_DOMAIN = '(none)';

const DIMENSION_VALUE: Readonly<
  Record<MetricDimension, (e: EmailEvent) => string>
> = {
  Provider: (e) => e.provider,
  SendingDomain: (e) => e.from_domain ?? NO_DOMAIN,
};

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
 * dimensions. Timestamps are left unset (publish time): call it for live
 * events only — archived events were already counted when they arrived.
 * @example publishMetrics(cw, countEvents(events, ['Provider', 'SendingDomain']))
 */
export function countEvents(
  events: readonly EmailEvent[],
  dimensions: readonly MetricDimension[],
): MetricPoint[] {
  const sets = dimensionSets(dimensions);
  const points: MetricPoint[] = [];
  for (const event of events) {
    const name = metricNameOf(event);
    for (const set of sets) {
      const dims: Record<string, string> = {};
      for (const d of set) dims[d] = DIMENSION_VALUE[d](event);
      points.push({ name, dimensions: dims, value: 1, unit: 'Count' });
    }
  }
  return mergePoints(points);
}
