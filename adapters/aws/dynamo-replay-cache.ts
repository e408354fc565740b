import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { ReplayCache } from '../../app/webhook/types';
import { REPLAY_KEY_ATTRIBUTE, REPLAY_TTL_ATTRIBUTE } from '../../contract/env';

/**
 * A replay cache in DynamoDB: a conditional PutItem claims a key unless it
 * exists and has not expired. DynamoDB's TTL deletes lazily (hours later),
 * so the condition also treats an item past its expiry as free.
 */
export function createDynamoReplayCache(
  client: DynamoDBClient,
  tableName: string,
  nowMs: () => number = Date.now,
): ReplayCache {
  return {
    async claim(key, ttlSeconds) {
      const now = Math.floor(nowMs() / 1000);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              [REPLAY_KEY_ATTRIBUTE]: { S: key },
              [REPLAY_TTL_ATTRIBUTE]: { N: String(now + ttlSeconds) },
            },
            ConditionExpression: 'attribute_not_exists(#pk) OR #ttl < :now',
            ExpressionAttributeNames: {
              '#pk': REPLAY_KEY_ATTRIBUTE,
              '#ttl': REPLAY_TTL_ATTRIBUTE,
            },
            ExpressionAttributeValues: { ':now': { N: String(now) } },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },
    async release(key) {
      await client.send(
        new DeleteItemCommand({
          TableName: tableName,
          Key: { [REPLAY_KEY_ATTRIBUTE]: { S: key } },
        }),
      );
    },
  };
}
