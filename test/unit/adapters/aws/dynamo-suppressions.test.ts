import {
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoSuppressionStore } from '../../../../adapters/aws/dynamo-suppressions';
import { NO_LOG } from '../../../../app/log';
import { recordSuppressions } from '../../../../app/suppressions/record';
import type { EmailEvent } from '../../../../core/schema';
import { applyEvent } from '../../../../core/suppressions/fold';
import { at, ev } from '../../../helpers/suppression-events';

const ddb = mockClient(DynamoDBDocumentClient);
const conflict = () =>
  new ConditionalCheckFailedException({ message: 'conflict', $metadata: {} });

beforeEach(() => ddb.reset());

describe('DynamoSuppressionStore', () => {
  const store = new DynamoSuppressionStore(
    new DynamoDBClient({ region: 'us-east-1' }),
    'sup',
  );
  const bounce = ev(1, 'bounced', at(1), {
    recipient: 'ada@example.com',
  }) as EmailEvent;

  it('creates an item only when none exists, keeping pushed marks', async () => {
    ddb.on(UpdateCommand).resolves({});
    const entry = applyEvent(undefined, bounce)!;
    expect(await store.put(entry, 0)).toBe(true);
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('attribute_not_exists(#k)');
    expect(input.UpdateExpression).toContain('#p = if_not_exists(#p, :empty)');
    expect(input.ExpressionAttributeValues![':v']).toBe(1);
  });

  it('answers false on a lost race and rethrows other errors', async () => {
    const entry = applyEvent(undefined, bounce)!;
    ddb
      .on(UpdateCommand)
      .rejectsOnce(conflict())
      .rejectsOnce(new Error('boom'));
    expect(await store.put({ ...entry, version: 4 }, 3)).toBe(false);
    const input = ddb.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input.ConditionExpression).toBe('version = :expected');
    expect(input.ExpressionAttributeValues![':expected']).toBe(3);
    await expect(store.put(entry, 0)).rejects.toThrow('boom');
  });

  it('marks a push once', async () => {
    ddb
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(conflict())
      .rejectsOnce(new Error('x'));
    expect(await store.markPushed('ada@example.com', 'ses', at(2))).toBe(true);
    expect(await store.markPushed('ada@example.com', 'ses', at(2))).toBe(false);
    await expect(
      store.markPushed('ada@example.com', 'ses', at(2)),
    ).rejects.toThrow('x');
  });

  it('the writer re-reads and re-applies after a conditional-write failure', async () => {
    const rival = applyEvent(
      undefined,
      ev(9, 'complained', at(1, '08:00:00'), { recipient: 'ada@example.com' }),
    )!;
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolves({ Item: { ...rival, pushed: {} } });
    ddb.on(UpdateCommand).rejectsOnce(conflict()).resolves({});
    const out = await recordSuppressions([bounce], {
      store,
      rules: {},
      publish: async () => {},
      log: NO_LOG,
      sleep: async () => {},
    });
    expect(out).toMatchObject({ written: 1, failed: [] });
    const second = ddb.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(second.ExpressionAttributeValues![':expected']).toBe(1);
    expect(second.ExpressionAttributeValues![':v']).toBe(2);
    expect((second.ExpressionAttributeValues![':c'] as unknown[]).length).toBe(
      2,
    );
    expect(ddb.commandCalls(GetCommand)[0]!.args[0].input.ConsistentRead).toBe(
      true,
    );
  });
});
