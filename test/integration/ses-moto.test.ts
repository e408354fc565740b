import {
  CloudWatchClient,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import {
  CreateConfigurationSetCommand,
  CreateConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import type {
  Context,
  FirehoseTransformationEvent,
  SNSEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { ENV } from '../../contract/env';
import type { FirehoseTransformResponse } from '../../core/envelopes/firehose';
import { EmailEventSchema } from '../../core/schema';
import { SES_MATCHING_EVENT_TYPES } from '../../core/ses/attach-plan';
import { memoryIo } from '../helpers/cli-io';
import { useStdoutCapture } from '../helpers/emf';
import { loadFixture, loadFixtureText } from '../helpers/fixtures';
import { lambdaContext } from '../helpers/lambda-context';
import {
  MOTO_REGION,
  MotoBucket,
  motoConfig,
  uniqueSuffix,
} from '../helpers/moto';
import { type SesV2Shim, startSesV2Shim } from '../helpers/sesv2-shim';

const MOTO = process.env.MOTO_ENDPOINT ?? '';
const ID = uniqueSuffix();
const BUCKET = `mailtrail-ses-it-${ID}`;
const STREAMS = {
  events: `mailtrail-ses-it-events-${ID}`,
  raw: `mailtrail-ses-it-raw-${ID}`,
  ses: `mailtrail-ses-it-ses-${ID}`,
};
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailtrail-ses';
const OTHER_TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailtrail-ses-2';
const region = MOTO_REGION;
const lake = new MotoBucket(MOTO, BUCKET);
const { firehose } = lake;
const out = useStdoutCapture();

let shim: SesV2Shim;
let ses: SESv2Client;
type Handler<E, R> = (event: E, context: Context) => Promise<R>;
let snsHandler: Handler<SNSEvent, void>;
let transform: Handler<FirehoseTransformationEvent, FirehoseTransformResponse>;

beforeAll(async () => {
  expect(MOTO, 'run through scripts/with-moto.mjs').not.toBe('');
  shim = await startSesV2Shim(MOTO);
  ses = new SESv2Client({ region, endpoint: shim.endpoint });
  await lake.create();
  await lake.createStream(STREAMS.events, `events-${ID}/`);
  await lake.createStream(STREAMS.raw, `rawstream-${ID}/`);
  await lake.createStream(STREAMS.ses, `raw/provider=ses-${ID}/`);
  // Handlers build their clients at import: point them at the shim (which
  // proxies Firehose and CloudWatch to moto) before importing.
  process.env.MAILTRAIL_AWS_ENDPOINT = shim.endpoint;
  process.env[ENV.EVENTS_STREAM_NAME] = STREAMS.events;
  process.env[ENV.RAW_STREAM_NAME] = STREAMS.raw;
  process.env[ENV.LAKE_BUCKET] = BUCKET;
  process.env[ENV.METRIC_DIMENSIONS] = 'Provider,SendingDomain';
  process.env[ENV.METRIC_SENDING_DOMAINS] = 'mail.example.com';
  snsHandler = (await import('../../lambdas/ses-sns/handler')).handler;
  transform = (await import('../../lambdas/ses-firehose-transform/handler'))
    .handler;
});

afterAll(async () => {
  await shim?.close();
});

describe('SES handlers against moto Firehose and S3', () => {
  let snsEvents: string[];
  beforeAll(async () => {
    await snsHandler(
      loadFixture<SNSEvent>('ses', 'sns-lambda-event-bounce'),
      lambdaContext(),
    );
    snsEvents = await lake.textsUnder(`events-${ID}/`);
  });

  it('lands the SNS bounce in the events stream as one canonical JSON line', () => {
    // Assert
    const lines = snsEvents.join('').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const event = EmailEventSchema.parse(JSON.parse(lines[0]!));
    expect([
      event.event_type,
      event.bounce_type,
      event.recipient,
    ]).toStrictEqual(['bounced', 'hard', 'no-such-user@example.com']);
    expect(event.source).toBe('sns');
  });

  it('lands the SNS message as received in the raw stream', async () => {
    // Arrange
    const message = loadFixture<SNSEvent>('ses', 'sns-lambda-event-bounce')
      .Records[0]!.Sns.Message;
    // Act
    const [object] = await lake.textsUnder(`rawstream-${ID}/`);
    // Assert
    const record = JSON.parse(object!);
    expect(record).toMatchObject({
      kind: 'raw',
      provider: 'ses',
      source: 'sns',
      body: message,
      request_id: 'a3c1f0d2-7e4b-5c9a-8b1d-0f2e3d4c5b6a',
    });
  });

  it('writes the bounce count as EMF log lines, with no CloudWatch call', async () => {
    // Act
    await snsHandler(
      loadFixture<SNSEvent>('ses', 'sns-lambda-event-bounce'),
      lambdaContext(),
    );
    // Assert
    expect(out.data.map((d) => [d.name, d.dimensions, d.value])).toStrictEqual([
      ['HardBounced', { Provider: 'ses' }, 1],
      [
        'HardBounced',
        { Provider: 'ses', SendingDomain: 'mail.example.com' },
        1,
      ],
    ]);
    const cw = new CloudWatchClient(motoConfig(MOTO));
    const listed = await cw.send(
      new ListMetricsCommand({
        Namespace: 'Mailtrail',
        MetricName: 'HardBounced',
      }),
    );
    expect(
      (listed.Metrics ?? []).filter((m) =>
        m.Dimensions?.some((d) => d.Value === 'ses'),
      ),
    ).toStrictEqual([]);
  });

  it('puts the transform’s six canonical events into the events stream and answers Ok', async () => {
    // Arrange
    // Keys sort by moto's timestamp + random suffix, so a new object may sort
    // before an older one: compare key sets, not positions.
    const before = new Set(await lake.keysUnder(`events-${ID}/`));
    const event = loadFixture<FirehoseTransformationEvent>(
      'ses',
      'firehose-transform-lambda-event',
    );
    // Act
    const response = await transform(event, lambdaContext());
    // Assert
    expect(response.records.map((r) => r.result)).toStrictEqual([
      'Ok',
      'Ok',
      'Ok',
      'Ok',
    ]);
    const added = (await lake.keysUnder(`events-${ID}/`)).filter(
      (key) => !before.has(key),
    );
    const objects = await Promise.all(added.map((key) => lake.textOf(key)));
    const events = objects
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => EmailEventSchema.parse(JSON.parse(l)));
    expect(events.map((e) => [e.event_type, e.source])).toStrictEqual([
      ['accepted', 'firehose'],
      ['delivered', 'firehose'],
      ['bounced', 'firehose'],
      ['bounced', 'firehose'],
      ['bounced', 'firehose'],
      ['opened', 'firehose'],
    ]);
  });

  it('returns records that, delivered by Firehose, are the SES S3 object byte for byte', async () => {
    // Arrange
    const event = loadFixture<FirehoseTransformationEvent>(
      'ses',
      'firehose-transform-lambda-event',
    );
    const { records } = await transform(event, lambdaContext());
    // Act: what Firehose does with Ok records (moto has no Lambda processor).
    await firehose.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: STREAMS.ses,
        Records: records.map((r) => ({ Data: Buffer.from(r.data, 'base64') })),
      }),
    );
    // Assert
    const [object] = await lake.textsUnder(`raw/provider=ses-${ID}/`);
    expect(object).toBe(loadFixtureText('ses', 'firehose-s3-object.ndjson'));
  });
});

describe('mailtrail ses attach against moto SES v2', () => {
  async function newSet(): Promise<string> {
    const name = `it-${uniqueSuffix()}`;
    await ses.send(
      new CreateConfigurationSetCommand({ ConfigurationSetName: name }),
    );
    return name;
  }

  async function attach(set: string, topic = TOPIC, ...extra: string[]) {
    // moto's keys, so --dry-run compares with the set instead of planning offline.
    const io = memoryIo({
      AWS_REGION: region,
      MAILTRAIL_AWS_ENDPOINT: shim.endpoint,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    });
    const args = [
      'ses',
      'attach',
      '--configuration-set',
      set,
      '--sns-topic-arn',
      topic,
    ];
    const code = await main([...args, ...extra], io);
    return { code, stdout: io.out(), stderr: io.err() };
  }

  async function destinationsOf(set: string) {
    const out = await ses.send(
      new GetConfigurationSetEventDestinationsCommand({
        ConfigurationSetName: set,
      }),
    );
    return out.EventDestinations ?? [];
  }

  it('creates the destination on the first run', async () => {
    // Arrange
    const set = await newSet();
    // Act
    const { code, stdout, stderr } = await attach(set);
    // Assert
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      `created event destination "mailtrail" on configuration set "${set}" (us-east-1)`,
    );
  });

  it('reports unchanged on a second run', async () => {
    // Arrange
    const set = await newSet();
    await attach(set);
    // Act
    const { code, stdout } = await attach(set);
    // Assert
    expect(code).toBe(0);
    expect(stdout).toBe(
      `unchanged: event destination "mailtrail" on configuration set "${set}" (us-east-1) is already up to date\n`,
    );
  });

  it('reports the changed field when the topic changes', async () => {
    // Arrange
    const set = await newSet();
    await attach(set);
    // Act
    const { code, stdout } = await attach(set, OTHER_TOPIC);
    // Assert
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        `updated event destination "mailtrail" on configuration set "${set}" (us-east-1)`,
        `  Destination: sns ${TOPIC} -> sns ${OTHER_TOPIC}`,
        '',
      ].join('\n'),
    );
  });

  it('leaves exactly one enabled destination with all ten event types', async () => {
    // Arrange
    const set = await newSet();
    await attach(set);
    await attach(set, OTHER_TOPIC);
    // Act
    const destinations = await destinationsOf(set);
    // Assert
    expect(destinations).toHaveLength(1);
    expect(destinations[0]).toMatchObject({
      Name: 'mailtrail',
      Enabled: true,
      SnsDestination: { TopicArn: OTHER_TOPIC },
    });
    expect(
      [...(destinations[0]!.MatchingEventTypes ?? [])].sort(),
    ).toStrictEqual([...SES_MATCHING_EVENT_TYPES].sort());
  });

  it('completes a destination missing DELIVERY_DELAY and SUBSCRIPTION', async () => {
    // Arrange
    const set = await newSet();
    await ses.send(
      new CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: set,
        EventDestinationName: 'mailtrail',
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['SEND', 'BOUNCE', 'COMPLAINT', 'DELIVERY'],
          SnsDestination: { TopicArn: TOPIC },
        },
      }),
    );
    // Act
    const { stdout } = await attach(set);
    // Assert
    expect(stdout).toContain(
      'adds REJECT, OPEN, CLICK, RENDERING_FAILURE, DELIVERY_DELAY, SUBSCRIPTION',
    );
    expect((await destinationsOf(set))[0]!.MatchingEventTypes).toHaveLength(10);
  });

  it('writes nothing on --dry-run', async () => {
    // Arrange
    const set = await newSet();
    // Act
    const { code, stdout } = await attach(set, TOPIC, '--dry-run');
    // Assert
    expect(code).toBe(0);
    expect(stdout).toMatch(/^would create event destination "mailtrail"/);
    expect(await destinationsOf(set)).toStrictEqual([]);
  });

  it('fails with one line for a configuration set that does not exist', async () => {
    // Act
    const { code, stdout, stderr } = await attach(`missing-${ID}`);
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `mailtrail ses: configuration set "missing-${ID}" does not exist (region us-east-1)\n`,
    );
  });
});
