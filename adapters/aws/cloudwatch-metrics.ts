import {
  type CloudWatchClient,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { chunkByLimits } from '../../core/chunk';
import { METRIC_NAMESPACE, type MetricPoint } from '../../core/metrics/types';

/** PutMetricData accepts at most this many MetricData per request. */
export const MAX_DATA_PER_REQUEST = 1000;
/** PutMetricData accepts at most 1 MB per POST; we keep 16 KiB for envelope. */
export const MAX_REQUEST_BYTES = 1_000_000 - 16 * 1024;

/** Converts a core MetricPoint to the SDK's MetricDatum. */
export function toMetricDatum(point: MetricPoint): MetricDatum {
  return {
    MetricName: point.name,
    Dimensions: Object.entries(point.dimensions).map(([Name, Value]) => ({
      Name,
      Value,
    })),
    Value: point.value,
    Unit: point.unit,
    ...(point.timestamp ? { Timestamp: new Date(point.timestamp) } : {}),
  };
}

/**
 * Splits data into requests at the API limits only: 1,000 MetricData or
 * ~1 MB of (JSON-protocol) body, whichever comes first.
 */
export function chunkMetricData(data: readonly MetricDatum[]): MetricDatum[][] {
  return chunkByLimits(data, (d) => Buffer.byteLength(JSON.stringify(d)) + 1, {
    maxCount: MAX_DATA_PER_REQUEST,
    maxBytes: MAX_REQUEST_BYTES,
  });
}

/**
 * Publishes an invocation's points as given (counts are merged once, when
 * counted: core/metrics countEvents) in ONE PutMetricData — more only past
 * the API limits; no call when empty.
 * Rejects when a call fails: call it after the durable write and log the
 * error rather than fail the request (metrics are not worth a provider retry).
 * @example await publishMetrics(cloudWatch, countEvents(events, dimensions))
 */
export async function publishMetrics(
  client: CloudWatchClient,
  points: readonly MetricPoint[],
  namespace: string = METRIC_NAMESPACE,
): Promise<void> {
  const data = points.map(toMetricDatum);
  for (const MetricData of chunkMetricData(data)) {
    await client.send(
      new PutMetricDataCommand({ Namespace: namespace, MetricData }),
    );
  }
}
