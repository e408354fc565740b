import { Logger } from '@aws-lambda-powertools/logger';
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { pushStreamBatch } from '../../app/suppressions/push';
import { ENV, SUPPRESSION_KEY_ATTRIBUTE } from '../../contract/env';
import { keptForColdStart } from '../wiring/cold-start';
import {
  suppressionPushTargetsFromEnv,
  suppressionStoreFromEnv,
} from '../wiring/suppressions';

const logger = new Logger({ serviceName: 'mailtrail-suppressions-push' });
const store = suppressionStoreFromEnv();
const targets = keptForColdStart(suppressionPushTargetsFromEnv);

/**
 * Suppression table stream (keys only) → provider suppression lists
 * (app/suppressions/push). Failed records go back to the stream, which
 * retries them (bisecting), then hands them to the DLQ.
 */
export async function handler(
  event: DynamoDBStreamEvent,
  context: Context,
): Promise<DynamoDBBatchResponse> {
  logger.addContext(context);
  if (!store) throw new Error(`${ENV.SUPPRESSIONS_TABLE} is not set`);
  const failed = await pushStreamBatch(
    event.Records.map((r) => ({
      key: r.dynamodb?.Keys?.[SUPPRESSION_KEY_ATTRIBUTE]?.S,
      id: r.dynamodb?.SequenceNumber ?? '',
    })),
    {
      targets: await targets(),
      load: (key) => store.getPushed(key),
      markPushed: (key, target, at) => store.markPushed(key, target, at),
      now: () => new Date(),
      log: logger,
    },
  );
  return {
    batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })),
  };
}
