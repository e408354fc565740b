import {
  CloudWatchClient,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  chunkMetricData,
  MAX_REQUEST_BYTES,
  publishMetrics,
  toMetricDatum,
} from '../../../../adapters/aws/cloudwatch-metrics';
import type { MetricPoint } from '../../../../core/metrics/types';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });

function points(n: number, dimensionValue = 'x'): MetricPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `M${i}`,
    dimensions: { Provider: 'ses', SendingDomain: dimensionValue },
    value: 1,
    unit: 'Count' as const,
  }));
}

function sentData(): number[] {
  return cw
    .commandCalls(PutMetricDataCommand)
    .map((c) => c.args[0].input.MetricData?.length ?? 0);
}

beforeEach(() => {
  cw.reset();
  cw.on(PutMetricDataCommand).resolves({});
});

describe('publishMetrics', () => {
  it('sends one PutMetricData for an invocation under the limits', async () => {
    // Act
    await publishMetrics(client, points(999));
    // Assert
    expect(sentData()).toStrictEqual([999]);
  });

  it('makes no call when there is nothing to publish', async () => {
    // Act
    await publishMetrics(client, []);
    // Assert
    expect(cw.calls()).toHaveLength(0);
  });

  it('splits at 1,000 MetricData per request', async () => {
    // Act
    await publishMetrics(client, points(2001));
    // Assert
    expect(sentData()).toStrictEqual([1000, 1000, 1]);
  });

  it('sends each point as given, one datum per point', async () => {
    // Arrange: merging is countEvents' job; publishing adds nothing.
    const one = points(1)[0] as MetricPoint;
    // Act
    await publishMetrics(client, [one, one]);
    // Assert
    expect(sentData()).toStrictEqual([2]);
  });

  it('publishes under a given namespace', async () => {
    // Act
    await publishMetrics(client, points(1), 'Other');
    // Assert
    const input = cw.commandCalls(PutMetricDataCommand)[0]?.args[0].input;
    expect(input?.Namespace).toBe('Other');
  });

  it('rejects when CloudWatch fails', async () => {
    // Arrange
    cw.on(PutMetricDataCommand).rejects(new Error('Throttling'));
    // Act / Assert
    await expect(publishMetrics(client, points(1))).rejects.toThrow(
      'Throttling',
    );
  });
});

describe('chunkMetricData', () => {
  it('splits before the 1 MB request size with long dimension values', () => {
    // Arrange: ~2.1 KB per datum, so 1,000 of them exceed 1 MB.
    const data = points(1000, 'd'.repeat(1024)).map(toMetricDatum);
    data.forEach((d) => {
      d.Dimensions?.push({ Name: 'Extra', Value: 'e'.repeat(1024) });
    });
    // Act
    const chunks = chunkMetricData(data);
    // Assert
    expect(chunks.length).toBe(3);
    expect(chunks.flat()).toStrictEqual(data);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(
        MAX_REQUEST_BYTES,
      );
    }
  });

  it('returns no chunks for no data', () => {
    // Act / Assert
    expect(chunkMetricData([])).toStrictEqual([]);
  });
});

describe('toMetricDatum', () => {
  it('converts a timestamped point', () => {
    // Act
    const datum = toMetricDatum({
      name: 'BounceRate',
      dimensions: { Provider: 'cmc' },
      value: 2.5,
      unit: 'Percent',
      timestamp: '2026-03-14T02:15:00.000Z',
    });
    // Assert
    expect(datum).toStrictEqual({
      MetricName: 'BounceRate',
      Dimensions: [{ Name: 'Provider', Value: 'cmc' }],
      Value: 2.5,
      Unit: 'Percent',
      Timestamp: new Date('2026-03-14T02:15:00.000Z'),
    });
  });
});
