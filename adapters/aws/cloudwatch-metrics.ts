import {
  type CloudWatchClient,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mergePoints } from '../../core/metrics/merge';
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
  const chunks: MetricDatum[][] = [];
  let current: MetricDatum[] = [];
  let bytes = 0;
  for (const datum of data) {
    const size = Buffer.byteLength(JSON.stringify(datum)) + 1;
    const full =
      current.length === MAX_DATA_PER_REQUEST ||
      bytes + size > MAX_REQUEST_BYTES;
    if (full && current.length > 0) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Publishes an invocation's points: merged (same name and dimensions summed),
 * then ONE PutMetricData — more only past the API limits; no call when empty.
 * Rejects when a call fails: call it after the durable write and log the
 * error rather than fail the request (metrics are not worth a provider retry).
 * @example await publishMetrics(cloudWatch, countEvents(events, dimensions))
 */
export async function publishMetrics(
  client: CloudWatchClient,
  points: readonly MetricPoint[],
  namespace: string = METRIC_NAMESPACE,
): Promise<void> {
  const data = mergePoints(points).map(toMetricDatum);
  for (const MetricData of chunkMetricData(data)) {
    await client.send(
      new PutMetricDataCommand({ Namespace: namespace, MetricData }),
    );
  }
}
