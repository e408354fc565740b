import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';
import { mergePoints } from '../../core/metrics/merge';
import { METRIC_NAMESPACE, type MetricPoint } from '../../core/metrics/types';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** Points that share dimension values and timestamp: one EMF line. */
function groupsOf(points: readonly MetricPoint[]): MetricPoint[][] {
  const groups = new Map<string, MetricPoint[]>();
  for (const p of mergePoints(points)) {
    const dims = Object.keys(p.dimensions)
      .sort()
      .map((k) => [k, p.dimensions[k]]);
    const key = JSON.stringify([dims, p.timestamp ?? null]);
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()];
}

/**
 * Writes an invocation's points as CloudWatch Embedded Metric Format log
 * lines through Powertools Metrics: merged (same name and dimensions
 * summed), then one line per distinct set of dimension values, written to
 * stdout synchronously. CloudWatch Logs turns the lines into metrics after
 * the fact: no API call, no IAM permission, nothing for a response to wait
 * on. Powertools' default `service` dimension is cleared, so the metrics
 * carry exactly the dimensions core/metrics gives them (the ones the
 * dashboard and alarms read). POWERTOOLS_METRICS_DISABLED=true (or
 * POWERTOOLS_DEV without it) silences the lines.
 * @example const publish = emfPublisher(); publish(countEvents(events, dims))
 */
export function emfPublisher(
  namespace: string = METRIC_NAMESPACE,
): (points: readonly MetricPoint[]) => Promise<void> {
  const metrics = new Metrics({ namespace });
  metrics.clearDefaultDimensions();
  return async (points) => {
    for (const group of groupsOf(points)) {
      const first = group[0] as MetricPoint;
      const entries = Object.entries(first.dimensions);
      if (entries.length === 0) metrics.addDimensions({});
      for (const [name, value] of entries) metrics.addDimension(name, value);
      if (first.timestamp) metrics.setTimestamp(new Date(first.timestamp));
      for (const p of group) metrics.addMetric(p.name, p.unit as Unit, p.value);
      metrics.publishStoredMetrics();
    }
  };
}
