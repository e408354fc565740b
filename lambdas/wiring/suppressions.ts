import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { clientConfig } from '../../adapters/aws/client-config';
import { DynamoSuppressionStore } from '../../adapters/aws/dynamo-suppressions';
import { emfPublisher } from '../../adapters/aws/emf-metrics';
import { readSecretString } from '../../adapters/aws/secret-string';
import { sesSuppressionTarget } from '../../adapters/aws/ses-suppression-target';
import { mailgunSuppressionTarget } from '../../adapters/http/mailgun-suppression-target';
import type { PushTarget } from '../../app/suppressions/push';
import { recordSuppressions } from '../../app/suppressions/record';
import { withSuppressions } from '../../app/suppressions/sink';
import { ENV } from '../../contract/env';
import { MAILGUN_BASE_URLS } from '../../core/archive/mailgun';
import type { EventSink } from '../../core/raw-record';
import type { SuppressionRules } from '../../core/suppressions/entry';
import { dynamoDb } from './dynamodb-client';
import { optionalEnv, requireEnv } from './env';
import { secretsManager } from './secrets-manager-client';

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

const list = (name: string): string[] =>
  (optionalEnv(name) ?? '').split(',').filter((s) => s !== '');

/**
 * The provider suppression lists named in MAILTRAIL_SUPPRESSION_PUSH_TARGETS
 * (`ses`, `mailgun`), with the Mailgun API key read from its secret.
 */
export async function suppressionPushTargetsFromEnv(): Promise<PushTarget[]> {
  const names = list(ENV.SUPPRESSION_PUSH_TARGETS);
  const out: PushTarget[] = [];
  if (names.includes('ses')) {
    out.push(sesSuppressionTarget(new SESv2Client(clientConfig())));
  }
  if (names.includes('mailgun')) {
    const region = (optionalEnv(ENV.SUPPRESSION_PUSH_MAILGUN_REGION) ??
      'us') as keyof typeof MAILGUN_BASE_URLS;
    out.push(
      mailgunSuppressionTarget({
        baseUrl: MAILGUN_BASE_URLS[region],
        apiKey: await readSecretString(
          secretsManager,
          requireEnv(ENV.SUPPRESSION_PUSH_MAILGUN_SECRET),
        ),
        domains: list(ENV.SUPPRESSION_PUSH_MAILGUN_DOMAINS),
      }),
    );
  }
  return out;
}
