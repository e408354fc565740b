import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import type { WebhookProvider } from '../../lambdas/webhook/types';
import type { MailtrailConfig } from '../config';
import type { WebhookIngestProps } from './webhook-ingest';

/** One POST route of the webhook API. */
export interface WebhookRoute {
  readonly provider: WebhookProvider;
  /** The route path; `{token}` is the blastengine secret path token. */
  readonly path: string;
  /** The path as shown to the user in the stack output. */
  readonly urlHint: string;
}

const ROUTES: readonly WebhookRoute[] = [
  {
    provider: 'mailgun',
    path: '/webhooks/mailgun',
    urlHint: '/webhooks/mailgun',
  },
  {
    provider: 'blastengine',
    // blastengine signs nothing: the token in the URL is the credential (§3.1).
    path: '/webhooks/blastengine/{token}',
    urlHint: '/webhooks/blastengine/<token from the secret>',
  },
  { provider: 'cmc', path: '/webhooks/cmc', urlHint: '/webhooks/cmc' },
];

/** The routes of the providers enabled in `config.providers`. */
export function webhookRoutes(config: MailtrailConfig): WebhookRoute[] {
  return ROUTES.filter((r) => config.providers[r.provider].enabled);
}

/** A user-created secret and the env var its name is passed in. */
export interface WebhookSecretRef {
  readonly env: string;
  readonly secret: ISecret;
}

/**
 * References the webhook secrets of the enabled providers by name. The user
 * creates them (docs/webhooks.md); a missing one fails that provider's
 * requests with 500 until it exists, and never opens the endpoint.
 */
export function webhookSecrets(
  scope: Construct,
  config: MailtrailConfig,
): WebhookSecretRef[] {
  const { mailgun, blastengine, cmc } = config.providers;
  const refs: [boolean, string, string, string][] = [
    [
      mailgun.enabled,
      'MailgunSigningKey',
      ENV.MAILGUN_SIGNING_KEY_SECRET,
      mailgun.signingKeySecretName,
    ],
    [
      blastengine.enabled,
      'BlastengineToken',
      ENV.BLASTENGINE_TOKEN_SECRET,
      blastengine.webhookTokenSecretName,
    ],
    [cmc.enabled, 'CmcWebhook', ENV.CMC_WEBHOOK_SECRET, cmc.webhookSecretName],
  ];
  return refs
    .filter(([enabled]) => enabled)
    .map(([, id, env, name]) => ({
      env,
      secret: Secret.fromSecretNameV2(scope, id, name),
    }));
}

/**
 * A JSON access log line. `routeKey` (the template, `/webhooks/blastengine/
 * {token}`) is logged instead of the path: the blastengine token is a secret
 * in the URL and must never reach a log.
 */
export const ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

/** The handler's environment from the config, streams, bucket and secrets. */
export function webhookEnvironment(
  props: WebhookIngestProps,
  secrets: readonly WebhookSecretRef[],
): Record<string, string> {
  const { webhooks, providers, metrics } = props.config;
  return {
    [ENV.EVENTS_STREAM_NAME]: props.eventsStream.deliveryStreamName,
    [ENV.RAW_STREAM_NAME]: props.rawStream.deliveryStreamName,
    [ENV.LAKE_BUCKET]: props.bucket.bucketName,
    [ENV.CMC_TIMEZONE]: providers.cmc.timezone,
    [ENV.METRIC_DIMENSIONS]: metrics.dimensions.join(','),
    [ENV.MAILGUN_TOLERANCE_SECONDS]: String(webhooks.mailgunToleranceSeconds),
    [ENV.WEBHOOK_MAX_BODY_BYTES]: String(webhooks.maxBodyBytes),
    [ENV.BLASTENGINE_ALLOWED_IPS]:
      providers.blastengine.allowedSourceIps.join(','),
    ...Object.fromEntries(secrets.map((s) => [s.env, s.secret.secretName])),
  };
}

/**
 * Lets the handler write raw bodies too large for a Firehose record straight
 * to S3 (FirehoseSink: raw|rejected/provider=<p>/dt=<d>/oversize-<uuid>),
 * under the enabled providers' prefixes only, and acknowledges the prefix
 * wildcards and s3:Abort* that bucket.grantPut (L2) produces.
 */
export function grantRawPuts(
  fn: IFunction,
  bucket: IBucket,
  routes: readonly WebhookRoute[],
): void {
  const cfn = bucket.node.defaultChild as CfnElement | undefined;
  const arn = cfn
    ? `<${Stack.of(fn).getLogicalId(cfn)}.Arn>`
    : bucket.bucketArn;
  const findings = ['Action::s3:Abort*'];
  for (const { provider } of routes) {
    for (const kind of ['raw', 'rejected']) {
      bucket.grantPut(fn, `${kind}/provider=${provider}/*`);
      findings.push(`Resource::${arn}/${kind}/provider=${provider}/*`);
    }
  }
  if (!fn.role) return;
  for (const finding of findings) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason:
        'Oversized raw bodies are objects named by date and uuid under raw|rejected/provider=<p>/: a prefix is the narrowest grant; Abort* comes with the L2 grantPut for multipart uploads.',
    });
  }
}
