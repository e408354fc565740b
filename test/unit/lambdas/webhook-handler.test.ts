import { createHash } from 'node:crypto';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import { ENV } from '../../../contract/env';
import { useStdoutCapture } from '../../helpers/emf';
import { loadFixtureText } from '../../helpers/fixtures';
import { lambdaContext } from '../../helpers/lambda-context';
import {
  BLASTENGINE_TOKEN,
  MAILGUN_KEY,
  MAILGUN_NOW,
  signedMailgunBody,
} from '../../helpers/webhook';

const firehose = mockClient(FirehoseClient);
const secrets = mockClient(SecretsManagerClient);
const dynamo = mockClient(DynamoDBClient);
const cloudWatch = mockClient(CloudWatchClient);
const out = useStdoutCapture();
mockClient(S3Client);

const SECRET_VALUES: Record<string, string> = {
  'mt/mailgun': MAILGUN_KEY,
  'mt/blastengine': BLASTENGINE_TOKEN,
  'mt/cmc': '{"apiKey":"k"}',
};

type Handler = (
  e: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;

/** An HTTP API (payload v2) event for a route. */
function apiEvent(
  routeKey: string,
  rawPath: string,
  body: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'Content-Type': 'application/json' },
    pathParameters,
    requestContext: {
      requestId: 'api-req-1',
      http: { method: 'POST', path: rawPath, sourceIp: '3.114.82.121' },
    },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const mailgunEvent = () =>
  apiEvent(
    'POST /webhooks/mailgun',
    '/webhooks/mailgun',
    JSON.stringify(signedMailgunBody('webhook-delivered')),
  );

const okBatch = (n: number) => ({
  FailedPutCount: 0,
  RequestResponses: Array.from({ length: n }, () => ({ RecordId: 'r' })),
});

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(MAILGUN_NOW);
  vi.stubEnv(ENV.EVENTS_STREAM_NAME, 'mt-events');
  vi.stubEnv(ENV.RAW_STREAM_NAME, 'mt-raw');
  vi.stubEnv(ENV.LAKE_BUCKET, 'mt-lake');
  vi.stubEnv(ENV.REPLAY_TABLE_NAME, 'mt-replay');
  vi.stubEnv(ENV.METRIC_DIMENSIONS, 'Provider');
  vi.stubEnv(ENV.MAILGUN_SIGNING_KEY_SECRET, 'mt/mailgun');
  vi.stubEnv(ENV.BLASTENGINE_TOKEN_SECRET, 'mt/blastengine');
  vi.stubEnv(ENV.CMC_WEBHOOK_SECRET, 'mt/cmc');
  ({ handler } = await import('../../../lambdas/webhook/handler'));
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

beforeEach(() => {
  for (const mock of [firehose, secrets, dynamo, cloudWatch]) mock.reset();
  secrets.on(GetSecretValueCommand).callsFake(({ SecretId, VersionStage }) => {
    if (VersionStage === 'AWSPREVIOUS') {
      throw new ResourceNotFoundException({ message: 'no', $metadata: {} });
    }
    return { SecretString: SECRET_VALUES[SecretId] };
  });
  dynamo.on(PutItemCommand).resolves({});
  firehose
    .on(PutRecordBatchCommand)
    .callsFake(({ Records }) => okBatch(Records.length));
});

describe('webhook handler', () => {
  it('stores a signed Mailgun webhook and answers 200', async () => {
    // Act
    const res = await handler(mailgunEvent(), lambdaContext());
    // Assert
    expect(res).toStrictEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true,"events":1}',
      isBase64Encoded: false,
    });
    expect(firehose).toReceiveCommandWith(PutRecordBatchCommand, {
      DeliveryStreamName: 'mt-events',
    });
    expect(firehose).toReceiveCommandWith(PutRecordBatchCommand, {
      DeliveryStreamName: 'mt-raw',
    });
  });

  it('claims the Mailgun token for the body in the replay table with a TTL', async () => {
    // Arrange
    const event = mailgunEvent();
    const token = JSON.parse(event.body ?? '').signature.token;
    const bodySha256 = createHash('sha256')
      .update(event.body ?? '')
      .digest('hex');
    // Act
    await handler(event, lambdaContext());
    // Assert
    expect(dynamo).toReceiveCommandWith(PutItemCommand, {
      TableName: 'mt-replay',
      Item: {
        pk: { S: `mailgun:${token}` },
        body_sha256: { S: bodySha256 },
        expires_at: {
          N: String(Math.floor(MAILGUN_NOW.getTime() / 1000) + 600),
        },
      },
    });
  });

  it('answers 401 replayed when the table already holds the token', async () => {
    // Arrange
    dynamo
      .on(PutItemCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'x', $metadata: {} }),
      );
    // Act
    const res = await handler(mailgunEvent(), lambdaContext());
    // Assert
    expect([res.statusCode, JSON.parse(String(res.body)).reason]).toStrictEqual(
      [401, 'replayed'],
    );
  });

  it('answers 503 when the replay table cannot be reached', async () => {
    // Arrange
    dynamo
      .on(PutItemCommand)
      .rejects(new Error('ProvisionedThroughputExceeded'));
    // Act
    const res = await handler(mailgunEvent(), lambdaContext());
    // Assert
    expect(JSON.parse(String(res.body))).toStrictEqual({
      error: 'replay cache unavailable; retry later',
      reason: 'unavailable',
    });
  });

  it('takes the blastengine token from the path parameter', async () => {
    // Arrange
    const event = apiEvent(
      'POST /webhooks/blastengine/{token}',
      `/webhooks/blastengine/${BLASTENGINE_TOKEN}`,
      loadFixtureText('blastengine', 'webhook-softerror.json'),
      { token: BLASTENGINE_TOKEN },
    );
    // Act
    const res = await handler(event, lambdaContext());
    // Assert
    expect(res.statusCode).toBe(200);
  });

  it('answers 404 to a route naming no webhook provider', async () => {
    // Act
    const res = await handler(
      apiEvent('POST /webhooks/ses', '/webhooks/ses', '{}'),
      lambdaContext(),
    );
    // Assert
    expect(res.statusCode).toBe(404);
  });

  it('answers 503 when Firehose keeps failing part of a batch', async () => {
    // Arrange
    firehose.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [
        { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'slow down' },
      ],
    });
    // Act
    const res = await handler(mailgunEvent(), lambdaContext());
    // Assert
    expect([res.statusCode, JSON.parse(String(res.body))]).toStrictEqual([
      503,
      { error: 'sink unavailable; retry later', reason: 'unavailable' },
    ]);
    expect(firehose.commandCalls(PutRecordBatchCommand).length).toBeGreaterThan(
      2,
    );
  });

  it('answers 200 when a partial Firehose failure succeeds on retry', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 1,
        RequestResponses: [{ ErrorCode: 'ServiceUnavailableException' }],
      })
      .callsFake(({ Records }) => okBatch(Records.length));
    // Act
    const res = await handler(mailgunEvent(), lambdaContext());
    // Assert
    expect(res.statusCode).toBe(200);
  });

  it('writes the counts as EMF log lines and never calls CloudWatch', async () => {
    // Act
    await handler(mailgunEvent(), lambdaContext());
    // Assert
    expect(cloudWatch.calls()).toHaveLength(0);
    expect(out.data.map((d) => [d.name, d.dimensions, d.value])).toStrictEqual([
      ['WebhookRequests', { Provider: 'mailgun' }, 1],
      ['Delivered', { Provider: 'mailgun' }, 1],
    ]);
  });
});
