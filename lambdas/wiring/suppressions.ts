import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoSuppressionStore } from '../../adapters/aws/dynamo-suppressions';
import { emfPublisher } from '../../adapters/aws/emf-metrics';
import { recordSuppressions } from '../../app/suppressions/record';
import { withSuppressions } from '../../app/suppressions/sink';
import { ENV } from '../../contract/env';
import type { EventSink } from '../../core/raw-record';
import type { SuppressionRules } from '../../core/suppressions/entry';
import { dynamoDb } from './dynamodb-client';
import { optionalEnv } from './env';

const logger = new Logger({ serviceName: 'mailtrail-suppressions' });

function nonNegativeInt(name: string): number | undefined {
  const raw = optionalEnv(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`environment variable ${name} must be a whole number`);
  }
  return value;
}

/** The optional soft-bounce rule from the environment (off when unset). */
export function suppressionRulesFromEnv(): SuppressionRules {
  return {
    softBounceThreshold: nonNegativeInt(ENV.SOFT_BOUNCE_THRESHOLD),
    softBounceWindowDays: nonNegativeInt(ENV.SOFT_BOUNCE_WINDOW_DAYS),
  };
}

/** The suppression table named in the environment, if any. */
export function suppressionStoreFromEnv(): DynamoSuppressionStore | undefined {
  const table = optionalEnv(ENV.SUPPRESSIONS_TABLE);
  return table ? new DynamoSuppressionStore(dynamoDb, table) : undefined;
}

/**
 * `sink` recording suppressions too when MAILTRAIL_SUPPRESSIONS_TABLE is
 * set (app/suppressions/record); `hmacKey` keys addresses as the lake does.
 */
export function withSuppressionsFromEnv(
  sink: EventSink,
  hmacKey: string | undefined,
): EventSink {
  const store = suppressionStoreFromEnv();
  if (!store) return sink;
  const rules = suppressionRulesFromEnv();
  return withSuppressions(sink, (events) =>
    recordSuppressions(events, {
      store,
      rules,
      hmacKey,
      publish: emfPublisher(),
      log: logger,
    }),
  );
}
