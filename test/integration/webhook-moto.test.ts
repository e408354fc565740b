import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENV } from '../../contract/env';
import { EmailEventSchema } from '../../core/schema';
import { lambdaContext } from '../helpers/lambda-context';
import {
  MotoBucket,
  motoConfig,
  motoEndpoint,
  uniqueSuffix,
} from '../helpers/moto';
import {
  MAILGUN_KEY,
  MAILGUN_NOW,
  signedMailgunBody,
} from '../helpers/webhook';

const endpoint = motoEndpoint();
const secrets = new SecretsManagerClient(motoConfig(endpoint));
const dynamo = new DynamoDBClient(motoConfig(endpoint));
const suffix = uniqueSuffix();
const BUCKET = `mailtrail-webhook-it-${suffix}`;
const EVENTS_STREAM = `mailtrail-webhook-events-${suffix}`;
const RAW_STREAM = `mailtrail-webhook-raw-${suffix}`;
const TABLE = `mailtrail-webhook-replay-${suffix}`;
const SIGNING_SECRET = `mailtrail-it/${suffix}/mailgun`;
const lake = new MotoBucket(endpoint, BUCKET);
// adapters/aws/client-config.ts AWS_ENDPOINT_ENV, spelled out: importing that
// module would build its clients before the endpoint is set.
const AWS_ENDPOINT_ENV = 'MAILTRAIL_AWS_ENDPOINT';

type Handler = (
  e: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;

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
  await lake.create();
  await lake.createStream(EVENTS_STREAM, 'events/');
  await lake.createStream(RAW_STREAM, 'raw/');
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
    const res = await handler(mailgunEvent(body), lambdaContext());
    // Assert
    expect(res.statusCode).toBe(200);
    const events = (await lake.deliveredText('events/'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => EmailEventSchema.parse(JSON.parse(line)));
    expect(
      events.map((e) => [e.provider, e.event_type, e.bounce_type]),
    ).toStrictEqual([['mailgun', 'bounced', 'hard']]);
  });

  it('keeps the raw body in S3 as a raw record', async () => {
    // Act
    const raw = JSON.parse((await lake.deliveredText('raw/')).trim());
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
    const res = await handler(mailgunEvent(body), lambdaContext());
    // Assert
    expect([res.statusCode, JSON.parse(String(res.body)).reason]).toStrictEqual(
      [401, 'replayed'],
    );
  });
});

describe('DynamoDB replay cache against moto', () => {
  it('frees a released token so the retry of an unstored request passes', async () => {
    // Arrange
    const { createDynamoReplayCache } = await import(
      '../../adapters/aws/dynamo-replay-cache'
    );
    const cache = createDynamoReplayCache(dynamo, TABLE);
    const key = `mailgun:release-${suffix}`;
    // Act
    const first = await cache.claim(key, 600);
    const replay = await cache.claim(key, 600);
    await cache.release(key);
    const retry = await cache.claim(key, 600);
    // Assert
    expect([first, replay, retry]).toStrictEqual([true, false, true]);
  });
});
