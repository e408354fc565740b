import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { clientConfig } from '../../adapters/aws/client-config';
import { readSecretString } from '../../adapters/aws/secret-string';
import { sesSuppressionTarget } from '../../adapters/aws/ses-suppression-target';
import { mailgunSuppressionTarget } from '../../adapters/http/mailgun-suppression-target';
import { type PushTarget, pushSuppression } from '../../app/suppressions/push';
import { ENV, SUPPRESSION_KEY_ATTRIBUTE } from '../../contract/env';
import { MAILGUN_BASE_URLS } from '../../core/archive/mailgun';
import { optionalEnv, requireEnv } from '../wiring/env';
import { secretsManager } from '../wiring/secrets-manager-client';
import { suppressionStoreFromEnv } from '../wiring/suppressions';

const logger = new Logger({ serviceName: 'mailtrail-suppressions-push' });
const store = suppressionStoreFromEnv();
const list = (name: string): string[] =>
  (optionalEnv(name) ?? '').split(',').filter((s) => s !== '');

let targets: Promise<PushTarget[]> | undefined;

async function buildTargets(): Promise<PushTarget[]> {
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

/**
 * Suppression table stream (keys only) → provider suppression lists
 * (app/suppressions/push). A failed record is reported back, so Lambda
 * retries it (bisecting), then hands it to the DLQ.
 */
export async function handler(
  event: DynamoDBStreamEvent,
): Promise<DynamoDBBatchResponse> {
  if (!store) throw new Error(`${ENV.SUPPRESSIONS_TABLE} is not set`);
  targets ??= buildTargets().catch((err: unknown) => {
    targets = undefined;
    throw err;
  });
  const deps = {
    targets: await targets,
    load: (key: string) => store.getPushed(key),
    markPushed: (key: string, target: string, at: string) =>
      store.markPushed(key, target, at),
    now: () => new Date(),
    log: logger,
  };
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const key = record.dynamodb?.Keys?.[SUPPRESSION_KEY_ATTRIBUTE]?.S;
    if (key === undefined) continue;
    try {
      await pushSuppression(key, deps);
    } catch {
      batchItemFailures.push({
        itemIdentifier: record.dynamodb!.SequenceNumber!,
      });
    }
  }
  return { batchItemFailures };
}
