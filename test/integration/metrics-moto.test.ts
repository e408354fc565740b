import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, describe, expect, it } from 'vitest';
import { publishMetrics } from '../../adapters/aws/cloudwatch-metrics';
import { cloudWatchRateMetrics } from '../../adapters/aws/cloudwatch-read';
import { publishRates } from '../../app/rates/publish-rates';
import { countEvents } from '../../core/metrics/aggregate';
import type { MetricPoint } from '../../core/metrics/types';
import { buildEvent } from '../../core/providers/common';
import type { EmailEvent, EventType } from '../../core/schema';
import { lambdaContext } from '../helpers/lambda-context';
import { motoConfig, motoEndpoint } from '../helpers/moto';

const endpoint = motoEndpoint();
const client = new CloudWatchClient(motoConfig(endpoint));
// Namespace and Provider values unique to this file: moto shares one server.
const NS = 'MailtrailMetricsIT';
const MIN = 60_000;

function events(type: EventType, n: number, bounce?: 'hard'): EmailEvent[] {
  return Array.from({ length: n }, (_, i) =>
    buildEvent(
      {
        provider: 'ses',
        idParts: [type, i],
        eventType: type,
        bounceType: bounce ?? null,
        occurredAt: '2026-03-14T02:20:00.000Z',
        recipient: `r${i}@example.org`,
        sender: 'from@mail.example.com',
        providerEvent: type,
      },
      { receivedAt: '2026-03-14T02:20:01.000Z', source: 'sns' },
    ),
  );
}

/** Counts for `provider`, timestamped `at` so other files' data never mixes in. */
function counts(
  provider: string,
  at: string,
  all: EmailEvent[],
): MetricPoint[] {
  return countEvents(all, ['Provider', 'SendingDomain']).map((p) => ({
    ...p,
    dimensions: { ...p.dimensions, Provider: provider },
    timestamp: at,
  }));
}

async function sumOf(
  name: string,
  dims: Record<string, string>,
  start: number,
  end: number,
): Promise<number[]> {
  const out = await client.send(
    new GetMetricDataCommand({
      StartTime: new Date(start),
      EndTime: new Date(end),
      MetricDataQueries: [
        {
          Id: 'm',
          MetricStat: {
            Metric: {
              Namespace: NS,
              MetricName: name,
              Dimensions: Object.entries(dims).map(([Name, Value]) => ({
                Name,
                Value,
              })),
            },
            Period: 3600,
            Stat: 'Sum',
          },
        },
      ],
    }),
  );
  return out.MetricDataResults?.[0]?.Values ?? [];
}

describe('publishMetrics against moto', () => {
  it('stores merged counts that ListMetrics and GetMetricData read back', async () => {
    // Arrange
    const at = Date.now() - 5 * MIN;
    const all = [...events('accepted', 3), ...events('delivered', 2)];
    // Act
    await publishMetrics(
      client,
      counts('itm-a', new Date(at).toISOString(), all),
      NS,
    );
    // Assert
    const listed = await client.send(
      new ListMetricsCommand({ Namespace: NS, MetricName: 'Accepted' }),
    );
    const dims = (listed.Metrics ?? [])
      .map((m) => m.Dimensions ?? [])
      .filter((d) => d.some((x) => x.Value === 'itm-a'));
    expect(dims).toHaveLength(2);
    const window = [at - 30 * MIN, at + 30 * MIN] as const;
    expect(
      await sumOf('Accepted', { Provider: 'itm-a' }, ...window),
    ).toStrictEqual([3]);
    expect(
      await sumOf(
        'Delivered',
        { Provider: 'itm-a', SendingDomain: 'mail.example.com' },
        ...window,
      ),
    ).toStrictEqual([2]);
  });
});

describe('publishRates against moto', () => {
  it('publishes BounceRate and ComplaintRate from the summed counts', async () => {
    // Arrange: 3 hours ago, 2 batches: 150 sends, 15 hard bounces,
    // 120 deliveries, 1 complaint.
    const now = Date.now() - 180 * MIN;
    const first = new Date(now - 40 * MIN).toISOString();
    const second = new Date(now - 20 * MIN).toISOString();
    await publishMetrics(
      client,
      [
        ...counts('itm-r', first, [
          ...events('accepted', 100),
          ...events('bounced', 10, 'hard'),
          ...events('delivered', 80),
        ]),
        ...counts('itm-r', second, [
          ...events('accepted', 50),
          ...events('bounced', 5, 'hard'),
          ...events('delivered', 40),
          ...events('complained', 1),
        ]),
      ],
      NS,
    );
    // Act
    const summary = await publishRates(cloudWatchRateMetrics(client), {
      namespace: NS,
      dimensions: ['Provider', 'SendingDomain'],
      windowHours: 1,
      minimumVolume: 100,
      now: new Date(now).toISOString(),
    });
    // Assert
    expect(summary.points).toBeGreaterThanOrEqual(4);
    const end = Date.parse(summary.window.end);
    const range = [end - MIN, end + MIN] as const;
    const dims = { Provider: 'itm-r' };
    expect(await sumOf('BounceRate', dims, ...range)).toStrictEqual([10]);
    const complaint = await sumOf('ComplaintRate', dims, ...range);
    expect(complaint[0]).toBeCloseTo(100 / 120, 10);
    const domain = { ...dims, SendingDomain: 'mail.example.com' };
    expect(await sumOf('BounceRate', domain, ...range)).toStrictEqual([10]);
  });

  it('publishes no rate below the minimum volume', async () => {
    // Arrange: 2 hours ago, 99 sends (one short), 50 hard bounces.
    const now = Date.now() - 120 * MIN;
    const at = new Date(now - 10 * MIN).toISOString();
    await publishMetrics(
      client,
      counts('itm-low', at, [
        ...events('accepted', 99),
        ...events('bounced', 50, 'hard'),
      ]),
      NS,
    );
    // Act
    await publishRates(cloudWatchRateMetrics(client), {
      namespace: NS,
      dimensions: ['Provider'],
      windowHours: 1,
      minimumVolume: 100,
      now: new Date(now).toISOString(),
    });
    // Assert
    const rates = await sumOf(
      'BounceRate',
      { Provider: 'itm-low' },
      now - 90 * MIN,
      now + 90 * MIN,
    );
    expect(rates).toStrictEqual([]);
  });
});

describe('rates handler against moto', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('reads its configuration from the environment and publishes', async () => {
    // Arrange
    process.env.MAILTRAIL_AWS_ENDPOINT = endpoint;
    process.env.MAILTRAIL_METRICS_NAMESPACE = NS;
    process.env.MAILTRAIL_METRIC_DIMENSIONS = 'Provider';
    process.env.MAILTRAIL_RATE_WINDOW_HOURS = '1';
    process.env.MAILTRAIL_RATE_MINIMUM_VOLUME = '10';
    const at = new Date(Date.now() - 15 * MIN).toISOString();
    await publishMetrics(
      client,
      counts('itm-h', at, [
        ...events('accepted', 20),
        ...events('bounced', 1, 'hard'),
      ]),
      NS,
    );
    const { handler } = await import('../../lambdas/rates/handler');
    // Act
    const summary = await handler(undefined, lambdaContext());
    // Assert
    const end = Date.parse(summary.window.end);
    const rate = await sumOf(
      'BounceRate',
      { Provider: 'itm-h' },
      end - MIN,
      end + MIN,
    );
    expect(rate).toStrictEqual([5]);
  });
});
