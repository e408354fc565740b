import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateDeliveryStreamCommand,
  FirehoseClient,
} from '@aws-sdk/client-firehose';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EmailEventSchema } from '../../core/schema';
import { ENV } from '../../lambdas/shared/env';
import {
  MAILGUN_KEY,
  MAILGUN_NOW,
  signedMailgunBody,
} from '../helpers/webhook';

const endpoint = process.env.MOTO_ENDPOINT;
if (!endpoint) throw new Error('run under scripts/with-moto.mjs');
const region = 'us-east-1';
const s3 = new S3Client({ endpoint, region, forcePathStyle: true });
const firehose = new FirehoseClient({ endpoint, region });
const secrets = new SecretsManagerClient({ endpoint, region });
const dynamo = new DynamoDBClient({ endpoint, region });
// Names unique to this file: moto shares one server across test files.
const suffix = randomUUID().slice(0, 8);
const BUCKET = `mailtrail-webhook-it-${suffix}`;
const EVENTS_STREAM = `mailtrail-webhook-events-${suffix}`;
const RAW_STREAM = `mailtrail-webhook-raw-${suffix}`;
const TABLE = `mailtrail-webhook-replay-${suffix}`;
const SIGNING_SECRET = `mailtrail-it/${suffix}/mailgun`;
// lambdas/shared/clients.ts AWS_ENDPOINT_ENV, spelled out: importing that
// module would build its clients before the endpoint is set.
const AWS_ENDPOINT_ENV = 'MAILTRAIL_AWS_ENDPOINT';

type Handler = (
  e: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;

async function createStream(name: string, prefix: string): Promise<void> {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: name,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        BucketARN: `arn:aws:s3:::${BUCKET}`,
        RoleARN: 'arn:aws:iam::123456789012:role/mailtrail-webhook-it',
        Prefix: prefix,
      },
    }),
  );
}

/** Everything moto delivered under `prefix`, objects concatenated. */
async function deliveredText(prefix: string): Promise<string> {
  const list = await s3.send(
    new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
  );
  const bodies = await Promise.all(
    (list.Contents ?? []).map(async (o) => {
      const res = await s3.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: o.Key }),
      );
      return res.Body!.transformToString();
    }),
  );
  return bodies.join('');
}

function mailgunEvent(body: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/mailgun',
    rawPath: '/webhooks/mailgun',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      requestId: `it-${randomUUID()}`,
      http: {
        method: 'POST',
        path: '/webhooks/mailgun',
        sourceIp: '198.51.100.1',
      },
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await createStream(EVENTS_STREAM, 'events/');
  await createStream(RAW_STREAM, 'raw/');
  await secrets.send(
    new CreateSecretCommand({
      Name: SIGNING_SECRET,
      SecretString: MAILGUN_KEY,
    }),
  );
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  vi.stubEnv(AWS_ENDPOINT_ENV, endpoint);
  vi.stubEnv(ENV.EVENTS_STREAM_NAME, EVENTS_STREAM);
  vi.stubEnv(ENV.RAW_STREAM_NAME, RAW_STREAM);
  vi.stubEnv(ENV.LAKE_BUCKET, BUCKET);
  vi.stubEnv(ENV.REPLAY_TABLE_NAME, TABLE);
  vi.stubEnv(ENV.METRIC_DIMENSIONS, 'Provider');
  vi.stubEnv(ENV.MAILGUN_SIGNING_KEY_SECRET, SIGNING_SECRET);
  // The fixtures are signed at a fixed past time: the clock is set inside
  // the 5-minute window (only Date is faked; timers stay real).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(MAILGUN_NOW);
  ({ handler } = await import('../../lambdas/webhook/handler'));
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('webhook handler against moto', () => {
  const body = signedMailgunBody('webhook-failed-permanent-bounce');
  const token = (body.signature as { token: string }).token;

  it('lands the events of a signed Mailgun webhook in S3', async () => {
    // Act
    const res = await handler(mailgunEvent(body));
    // Assert
    expect(res.statusCode).toBe(200);
    const events = (await deliveredText('events/'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => EmailEventSchema.parse(JSON.parse(line)));
    expect(
      events.map((e) => [e.provider, e.event_type, e.bounce_type]),
    ).toStrictEqual([['mailgun', 'bounced', 'hard']]);
  });

  it('keeps the raw body in S3 as a raw record', async () => {
    // Act
    const raw = JSON.parse((await deliveredText('raw/')).trim());
    // Assert
    expect([raw.kind, raw.provider, raw.body]).toStrictEqual([
      'raw',
      'mailgun',
      JSON.stringify(body),
    ]);
  });

  it('claims the token in the DynamoDB replay table', async () => {
    // Act
    const item = await dynamo.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: `mailgun:${token}` } },
      }),
    );
    // Assert
    expect(item.Item?.expires_at?.N).toBe(
      String(Math.floor(MAILGUN_NOW.getTime() / 1000) + 600),
    );
  });

  it('answers 401 replayed when the same request comes again', async () => {
    // Act
    const res = await handler(mailgunEvent(body));
    // Assert
    expect([res.statusCode, JSON.parse(String(res.body)).reason]).toStrictEqual(
      [401, 'replayed'],
    );
  });
});
