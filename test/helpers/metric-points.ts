import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { MetricPoint } from '../../core/metrics/types';

/** An expected Count metric point; `timestamp` only when given. */
export function countPoint(
  name: string,
  dimensions: Record<string, string>,
  value = 1,
  timestamp?: string,
): MetricPoint {
  return {
    name,
    dimensions,
    value,
    unit: 'Count',
    ...(timestamp ? { timestamp } : {}),
  };
}

/** An expected CloudWatch Count datum, as PutMetricData sends it. */
export function countDatum(
  MetricName: string,
  Dimensions: { Name: string; Value: string }[],
  Value: number,
): MetricDatum {
  return { MetricName, Dimensions, Value, Unit: 'Count' };
}
