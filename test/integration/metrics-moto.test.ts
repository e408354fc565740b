import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  FirehoseTransformationEvent,
  SNSEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publishMetrics } from '../../adapters/aws/cloudwatch-metrics';
import { cloudWatchRateMetrics } from '../../adapters/aws/cloudwatch-read';
import { publishRates } from '../../app/rates/publish-rates';
import { ENV } from '../../contract/env';
import type { FirehoseTransformResponse } from '../../core/envelopes/firehose';
import { countEvents } from '../../core/metrics/aggregate';
import type { MetricPoint } from '../../core/metrics/types';
import { buildEvent } from '../../core/providers/common';
import type { EmailEvent, EventType } from '../../core/schema';
import { emfSum, useStdoutCapture } from '../helpers/emf';
import { loadFixture } from '../helpers/fixtures';
import { lambdaContext } from '../helpers/lambda-context';
import {
  MotoBucket,
  motoConfig,
  motoEndpoint,
  uniqueSuffix,
} from '../helpers/moto';
import { MAILGUN_NOW, signedMailgunBody } from '../helpers/webhook';
import {
  createWebhookBackends,
  mailgunApiEvent,
} from '../helpers/webhook-moto';

const endpoint = motoEndpoint();
const client = new CloudWatchClient(motoConfig(endpoint));
// Namespace and Provider values unique to this file: moto shares one server.
const NS = 'MailtrailMetricsIT';
const MIN = 60_000;
const suffix = uniqueSuffix();
const BUCKET = `mailtrail-metrics-it-${suffix}`;
const EVENTS_STREAM = `mailtrail-metrics-events-${suffix}`;
const RAW_STREAM = `mailtrail-metrics-raw-${suffix}`;
const TABLE = `mailtrail-metrics-replay-${suffix}`;
const SIGNING_SECRET = `mailtrail-metrics-it/${suffix}/mailgun`;
const lake = new MotoBucket(endpoint, BUCKET);

type Handler<E, R> = (event: E, context: Context) => Promise<R>;
let webhook: Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
let sesSns: Handler<SNSEvent, void>;
let sesFirehose: Handler<
  FirehoseTransformationEvent,
  FirehoseTransformResponse
>;

const out = useStdoutCapture();

const mailgunEvent = (body: unknown) => mailgunApiEvent(body, `it-${suffix}`);

const snsBounce = () => loadFixture<SNSEvent>('ses', 'sns-lambda-event-bounce');

/** The SNS fixture's SES event as the Firehose destination delivers it. */
function firehoseBounce(): FirehoseTransformationEvent {
  const message = snsBounce().Records[0]!.Sns.Message;
  return {
    invocationId: `it-${suffix}`,
    deliveryStreamArn: `arn:aws:firehose:us-east-1:123456789012:deliverystream/ses-${suffix}`,
    region: 'us-east-1',
    records: [
      {
        recordId: '1',
        approximateArrivalTimestamp: Date.now(),
        data: Buffer.from(`${message}\n`).toString('base64'),
      },
    ],
  };
}

beforeAll(async () => {
  await lake.create();
  await lake.createStream(EVENTS_STREAM, 'events/');
  await lake.createStream(RAW_STREAM, 'raw/');
  await createWebhookBackends(endpoint, {
    secret: SIGNING_SECRET,
    table: TABLE,
  });
  vi.stubEnv('MAILTRAIL_AWS_ENDPOINT', endpoint);
  vi.stubEnv(ENV.EVENTS_STREAM_NAME, EVENTS_STREAM);
  vi.stubEnv(ENV.RAW_STREAM_NAME, RAW_STREAM);
  vi.stubEnv(ENV.LAKE_BUCKET, BUCKET);
  vi.stubEnv(ENV.REPLAY_TABLE_NAME, TABLE);
  vi.stubEnv(ENV.METRIC_DIMENSIONS, 'Provider,SendingDomain');
  vi.stubEnv(ENV.METRIC_SENDING_DOMAINS, 'mail.example.com');
  vi.stubEnv(ENV.MAILGUN_SIGNING_KEY_SECRET, SIGNING_SECRET);
  webhook = (await import('../../lambdas/webhook/handler')).handler;
  sesSns = (await import('../../lambdas/ses-sns/handler')).handler;
  sesFirehose = (await import('../../lambdas/ses-firehose-transform/handler'))
    .handler;
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('the Lambdas write their counts as EMF log lines (real handlers, moto)', () => {
  it('counts webhook requests, events and a replay rejection per provider, with no domain set for an unlisted domain', async () => {
    // Arrange: mg.example.com is not listed; the second POST reuses the first's signature for another body.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(MAILGUN_NOW);
    const signed = signedMailgunBody('webhook-failed-permanent-bounce');
    const forged = structuredClone(signed);
    (forged['event-data'] as { recipient: string }).recipient =
      'attacker@example.net';
    const bounce = mailgunEvent(signed);
    const replay = mailgunEvent(forged);
    const delivered = mailgunEvent(signedMailgunBody('webhook-delivered'));
    // Act
    const statuses: number[] = [];
    try {
      for (const e of [bounce, replay, delivered]) {
        statuses.push((await webhook(e, lambdaContext())).statusCode ?? 0);
      }
    } finally {
      vi.useRealTimers();
    }
    // Assert
    expect(statuses).toStrictEqual([200, 401, 200]);
    const data = out.data;
    const mailgun = { Provider: 'mailgun' };
    expect(emfSum(data, 'WebhookRequests', mailgun)).toBe(3);
    expect(emfSum(data, 'HardBounced', mailgun)).toBe(1);
    expect(emfSum(data, 'Delivered', mailgun)).toBe(1);
    expect(
      emfSum(data, 'WebhookRejected', { ...mailgun, Reason: 'replayed' }),
    ).toBe(1);
    // (other) gets only the rate inputs, never the whole event mix.
    expect(
      data
        .filter((d) => 'SendingDomain' in d.dimensions)
        .map((d) => [d.name, d.dimensions.SendingDomain, d.value]),
    ).toStrictEqual([
      ['HardBounced', '(other)', 1],
      ['Delivered', '(other)', 1],
    ]);
    expect(new Set(data.map((d) => d.namespace))).toStrictEqual(
      new Set(['Mailtrail']),
    );
    expect(out.lines.filter((l) => l.includes('"_aws"'))).toHaveLength(
      // per request: {Provider} and, for the events, {Provider,SendingDomain}.
      2 + 1 + 2 + 1,
    );
  });

  it.each([
    ['SNS only', ['sns']],
    ['Firehose only', ['firehose']],
    ['both destinations (only SNS counts)', ['sns', 'firehose']],
  ] as [string, string[]][])(
    'counts one SES bounce exactly once with %s',
    async (_name, paths) => {
      // Act
      vi.stubEnv(ENV.PUBLISH_EVENT_COUNTS, '');
      if (paths.includes('sns')) await sesSns(snsBounce(), lambdaContext());
      if (paths.includes('firehose')) {
        // What SesEventSource sets on the transform when SNS is on too.
        if (paths.includes('sns'))
          vi.stubEnv(ENV.PUBLISH_EVENT_COUNTS, 'false');
        const res = await sesFirehose(firehoseBounce(), lambdaContext());
        expect(res.records.map((r) => r.result)).toStrictEqual(['Ok']);
      }
      // Assert
      const ses = { Provider: 'ses' };
      const domain = { ...ses, SendingDomain: 'mail.example.com' };
      expect(emfSum(out.data, 'HardBounced', ses)).toBe(1);
      expect(emfSum(out.data, 'HardBounced', domain)).toBe(1);
      expect(out.data.map((d) => d.name)).toStrictEqual([
        'HardBounced',
        'HardBounced',
      ]);
    },
  );
});

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

/**
 * Counts for `provider`, timestamped `at`, as CloudWatch holds them once it
 * has extracted the EMF lines (seeded with PutMetricData: moto does not read
 * log lines), so the rates Lambda has something to read.
 */
function counts(
  provider: string,
  at: string,
  all: EmailEvent[],
): MetricPoint[] {
  return countEvents(
    all,
    ['Provider', 'SendingDomain'],
    ['mail.example.com'],
  ).map((p) => ({
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
      sendingDomains: ['mail.example.com'],
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
      sendingDomains: [],
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
  it('reads its configuration from the environment and publishes', async () => {
    // Arrange
    vi.stubEnv(ENV.METRICS_NAMESPACE, NS);
    vi.stubEnv(ENV.METRIC_DIMENSIONS, 'Provider');
    vi.stubEnv(ENV.RATE_WINDOW_HOURS, '1');
    vi.stubEnv(ENV.RATE_MINIMUM_VOLUME, '10');
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
