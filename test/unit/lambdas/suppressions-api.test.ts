import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../../../contract/env';
import { applyEvent } from '../../../core/suppressions/fold';
import { lambdaContext } from '../../helpers/lambda-context';
import { at, ev } from '../../helpers/suppression-events';

const ddb = mockClient(DynamoDBDocumentClient);
let handler: typeof import('../../../lambdas/suppressions-api/handler')['handler'];

const request = (address: string | undefined) =>
  ({
    pathParameters: address === undefined ? undefined : { address },
  }) as unknown as APIGatewayProxyEventV2;

beforeAll(async () => {
  process.env[ENV.SUPPRESSIONS_TABLE] = 'suppressions';
  process.env.AWS_REGION = 'us-east-1';
  ({ handler } = await import('../../../lambdas/suppressions-api/handler'));
});

beforeEach(() => ddb.reset());

describe('GET /suppressions/{address}', () => {
  it('decodes %40 and answers the check object', async () => {
    const entry = applyEvent(
      undefined,
      ev(1, 'bounced', at(1), { recipient: 'ada@example.com' }),
    )!;
    ddb.on(GetCommand).resolves({ Item: { ...entry, pushed: {} } });
    const res = await handler(request('Ada%40Example.com'), lambdaContext());
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({
      address: 'ada@example.com',
      suppressed: true,
      reason: 'hard_bounce',
    });
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.Key).toEqual({
      address: 'ada@example.com',
    });
  });

  it.each([
    ['a bad %-escape', '%E0%A4%A'],
    ['no address', undefined],
    ['an encoded control character', 'ada%0A@example.com'],
    ['a megabyte of text', 'a'.repeat(1_000_000)],
  ])('answers 400 for %s and never reads the table', async (_, address) => {
    const res = await handler(request(address), lambdaContext());
    expect(res.statusCode).toBe(400);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });
});
