import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cloudWatchRateMetrics,
  sumMetrics,
} from '../../../adapters/aws/cloudwatch-read';
import { publishRates } from '../../../app/rates/publish-rates';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const run = {
  namespace: 'Mailtrail',
  dimensions: ['Provider', 'SendingDomain'] as const,
  sendingDomains: ['a.example'],
  windowHours: 24,
  minimumVolume: 100,
  now: '2026-03-14T02:17:31.000Z',
};
const ses = [{ Name: 'Provider', Value: 'ses' }];
const sesDomain = [...ses, { Name: 'SendingDomain', Value: 'a.example' }];

beforeEach(() => {
  cw.reset();
  cw.on(PutMetricDataCommand).resolves({});
  cw.on(ListMetricsCommand, { MetricName: 'Accepted' })
    .resolvesOnce({ Metrics: [{ Dimensions: ses }], NextToken: 't1' })
    .resolvesOnce({ Metrics: [{ Dimensions: sesDomain }] });
  cw.on(ListMetricsCommand, { MetricName: 'Delivered' }).resolves({
    Metrics: [{ Dimensions: ses }, {}],
  });
});

describe('publishRates', () => {
  it('publishes both rates per series above the minimum volume in one call', async () => {
    // Arrange: ses has 400 sends; its one domain only 40 (below minimum).
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 's0_accepted', Values: [300, 100] },
        { Id: 's0_hardBounces', Values: [20] },
        { Id: 's0_delivered', Values: [360, 40] },
        { Id: 's0_complaints', Values: [2] },
        { Id: 's1_accepted', Values: [40] },
        { Id: 's1_hardBounces', Values: [20] },
      ],
    });
    // Act
    const summary = await publishRates(cloudWatchRateMetrics(client), run);
    // Assert
    expect(summary.series).toBe(2);
    const puts = cw.commandCalls(PutMetricDataCommand);
    expect(puts).toHaveLength(1);
    const timestamp = new Date('2026-03-14T02:15:00.000Z');
    expect(puts[0]?.args[0].input).toStrictEqual({
      Namespace: 'Mailtrail',
      MetricData: [
        {
          MetricName: 'BounceRate',
          Dimensions: ses,
          Value: 5,
          Unit: 'Percent',
          Timestamp: timestamp,
        },
        {
          MetricName: 'ComplaintRate',
          Dimensions: ses,
          Value: 0.5,
          Unit: 'Percent',
          Timestamp: timestamp,
        },
      ],
    });
  });

  it('queries SUM in 5-minute buckets over the trailing window', async () => {
    // Arrange
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    // Act
    await publishRates(cloudWatchRateMetrics(client), run);
    // Assert
    const input = cw.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(input?.StartTime).toStrictEqual(new Date('2026-03-13T02:15:00Z'));
    expect(input?.EndTime).toStrictEqual(new Date('2026-03-14T02:15:00Z'));
    expect(input?.MetricDataQueries?.[0]).toStrictEqual({
      Id: 's0_accepted',
      MetricStat: {
        Metric: {
          Namespace: 'Mailtrail',
          MetricName: 'Accepted',
          Dimensions: ses,
        },
        Period: 300,
        Stat: 'Sum',
      },
      ReturnData: true,
    });
  });

  it('publishes nothing when no series reaches the minimum volume', async () => {
    // Arrange
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: 's0_accepted', Values: [99] }],
    });
    // Act
    const summary = await publishRates(cloudWatchRateMetrics(client), run);
    // Assert
    expect(summary.points).toBe(0);
    expect(cw.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });
});

describe('sumMetrics', () => {
  it('follows NextToken and batches 500 queries per request', async () => {
    // Arrange
    const queries = Array.from({ length: 501 }, (_, i) => ({
      id: `q${i}`,
      metricName: 'Accepted',
      dimensions: {},
      series: i,
      field: 'accepted' as const,
    }));
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [{ Id: 'q0', Values: [1] }],
        NextToken: 'n',
      })
      .resolvesOnce({ MetricDataResults: [{ Id: 'q0', Values: [2, 3] }, {}] })
      .resolves({ MetricDataResults: [{ Id: 'q500' }] });
    const window = {
      start: '2026-03-13T00:00:00.000Z',
      end: '2026-03-14T00:00:00.000Z',
      periodSeconds: 300,
    };
    // Act
    const sums = await sumMetrics(client, 'Mailtrail', queries, window);
    // Assert
    const sizes = cw
      .commandCalls(GetMetricDataCommand)
      .map((c) => c.args[0].input.MetricDataQueries?.length);
    expect(sizes).toStrictEqual([500, 500, 1]);
    expect([...sums]).toStrictEqual([
      ['q0', 6],
      ['q500', 0],
    ]);
  });
});
