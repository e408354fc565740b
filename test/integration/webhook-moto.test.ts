import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
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
import { MAILGUN_NOW, signedMailgunBody } from '../helpers/webhook';
import {
  createWebhookBackends,
  mailgunApiEvent,
} from '../helpers/webhook-moto';

const endpoint = motoEndpoint();
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

const mailgunEvent = (body: unknown) =>
  mailgunApiEvent(body, `it-${randomUUID()}`);

beforeAll(async () => {
  await lake.create();
  await lake.createStream(EVENTS_STREAM, 'events/');
  await lake.createStream(RAW_STREAM, 'raw/');
  await createWebhookBackends(endpoint, {
    secret: SIGNING_SECRET,
    table: TABLE,
  });
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

  it('accepts the identical request again (a retry) and refuses another body under its signature', async () => {
    // Arrange
    const forged = structuredClone(body);
    (forged['event-data'] as { recipient: string }).recipient =
      'attacker@example.net';
    // Act
    const retry = await handler(mailgunEvent(body), lambdaContext());
    const replay = await handler(mailgunEvent(forged), lambdaContext());
    // Assert
    expect([
      retry.statusCode,
      replay.statusCode,
      JSON.parse(String(replay.body)).reason,
    ]).toStrictEqual([200, 401, 'replayed']);
    const recipients = (await lake.deliveredText('events/'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line).recipient);
    expect(recipients).not.toContain('attacker@example.net');
  });
});

describe('DynamoDB replay cache conditions against moto', () => {
  const hashA = 'a'.repeat(64);
  const hashB = 'b'.repeat(64);

  async function cacheAt(seconds: number) {
    const { createDynamoReplayCache } = await import(
      '../../adapters/aws/dynamo-replay-cache'
    );
    return createDynamoReplayCache(dynamo, TABLE, () => seconds * 1000);
  }

  it('claims a free key, admits the same body again and refuses another', async () => {
    // Arrange
    const cache = await cacheAt(1_000_000);
    const key = `mailgun:cond-${suffix}`;
    // Act
    const claims = [
      await cache.claim(key, hashA, 600),
      await cache.claim(key, hashA, 600),
      await cache.claim(key, hashB, 600),
    ];
    // Assert
    expect(claims).toStrictEqual([true, true, false]);
    const item = await dynamo.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: key } } }),
    );
    expect([item.Item?.body_sha256?.S, item.Item?.expires_at?.N]).toStrictEqual(
      [hashA, String(1_000_000 + 600)],
    );
  });

  it('frees a key whose claim expired though DynamoDB has not deleted it yet', async () => {
    // Arrange
    const key = `mailgun:expired-${suffix}`;
    await (await cacheAt(2_000_000)).claim(key, hashA, 600);
    const atExpiry = await cacheAt(2_000_600);
    const after = await cacheAt(2_000_601);
    // Act
    const stillHeld = await atExpiry.claim(key, hashB, 600);
    const freed = await after.claim(key, hashB, 600);
    // Assert
    expect([stillHeld, freed]).toStrictEqual([false, true]);
  });
});
