import { createDynamoReplayCache } from '../../adapters/aws/dynamo-replay-cache';
import { emfPublisher } from '../../adapters/aws/emf-metrics';
import { webhookSecretsSource } from '../../adapters/aws/webhook-secrets';
import type { Log } from '../../app/log';
import type { WebhookConfig, WebhookDeps } from '../../app/webhook/types';
import { ENV, WEBHOOK_BODY_LIMIT_BYTES } from '../../contract/env';
import { parseMetricDimensions } from '../../core/metrics/dimensions';
import { dynamoDb } from '../wiring/dynamodb-client';
import { listEnv, optionalEnv, requireEnv } from '../wiring/env';
import { lakeSinkFromEnv } from '../wiring/lake-sink';
import { secretsManager } from '../wiring/secrets-manager-client';

function positiveInt(name: string, fallback: number): number {
  const raw = optionalEnv(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`environment variable ${name} must be a positive integer`);
  }
  return value;
}

/** The webhook settings the construct put in the environment. */
export function webhookConfigFromEnv(): WebhookConfig {
  return {
    toleranceSeconds: positiveInt(ENV.MAILGUN_TOLERANCE_SECONDS, 300),
    maxBodyBytes: positiveInt(
      ENV.WEBHOOK_MAX_BODY_BYTES,
      WEBHOOK_BODY_LIMIT_BYTES,
    ),
    timezone: optionalEnv(ENV.CMC_TIMEZONE) ?? 'Asia/Tokyo',
    allowedIps: listEnv(ENV.BLASTENGINE_ALLOWED_IPS),
    metricDimensions: parseMetricDimensions(
      optionalEnv(ENV.METRIC_DIMENSIONS) ?? '',
    ),
    sendingDomains: listEnv(ENV.METRIC_SENDING_DOMAINS),
  };
}

/**
 * The Lambda's WebhookDeps, built once per cold start from the environment:
 * Firehose lake sink, Secrets Manager (each provider's secret re-read
 * after SECRETS_TTL_MS, served stale at most SECRETS_MAX_STALE_MS), the
 * DynamoDB replay table and Embedded Metric Format log lines.
 */
export function createWebhookDeps(logger: Log): WebhookDeps {
  const names = {
    mailgun: optionalEnv(ENV.MAILGUN_SIGNING_KEY_SECRET),
    blastengine: optionalEnv(ENV.BLASTENGINE_TOKEN_SECRET),
    cmc: optionalEnv(ENV.CMC_WEBHOOK_SECRET),
  };
  return {
    sink: lakeSinkFromEnv(),
    secrets: webhookSecretsSource(secretsManager, names),
    replayCache: createDynamoReplayCache(
      dynamoDb,
      requireEnv(ENV.REPLAY_TABLE_NAME),
    ),
    publish: emfPublisher(),
    now: () => new Date(),
    config: webhookConfigFromEnv(),
    logger,
  };
}
