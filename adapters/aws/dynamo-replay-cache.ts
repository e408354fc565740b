import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { ReplayCache } from '../../app/webhook/types';
import { REPLAY_KEY_ATTRIBUTE, REPLAY_TTL_ATTRIBUTE } from '../../contract/env';

/** Attribute holding the SHA-256 of the body a key was claimed for. */
export const REPLAY_BODY_ATTRIBUTE = 'body_sha256';

/**
 * The condition under which a key may be (re)claimed for a body: the key is
 * free, its claim has expired (DynamoDB's TTL deletes lazily, hours later),
 * or it was claimed for this very body (an identical retry).
 */
export const CLAIM_CONDITION =
  'attribute_not_exists(#pk) OR #ttl < :now OR #body = :body';

/**
 * A replay cache in DynamoDB: one conditional PutItem per claim, so two
 * concurrent requests with one token and different bodies cannot both pass.
 */
export function createDynamoReplayCache(
  client: DynamoDBClient,
  tableName: string,
  nowMs: () => number = Date.now,
): ReplayCache {
  return {
    async claim(key, bodySha256, ttlSeconds) {
      const now = Math.floor(nowMs() / 1000);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              [REPLAY_KEY_ATTRIBUTE]: { S: key },
              [REPLAY_BODY_ATTRIBUTE]: { S: bodySha256 },
              [REPLAY_TTL_ATTRIBUTE]: { N: String(now + ttlSeconds) },
            },
            ConditionExpression: CLAIM_CONDITION,
            ExpressionAttributeNames: {
              '#pk': REPLAY_KEY_ATTRIBUTE,
              '#ttl': REPLAY_TTL_ATTRIBUTE,
              '#body': REPLAY_BODY_ATTRIBUTE,
            },
            ExpressionAttributeValues: {
              ':now': { N: String(now) },
              ':body': { S: bodySha256 },
            },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },
  };
}
