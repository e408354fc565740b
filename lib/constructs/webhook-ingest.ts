import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type {
  IFunction,
  Function as LambdaFunction,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  ENV,
  REPLAY_KEY_ATTRIBUTE,
  REPLAY_TTL_ATTRIBUTE,
} from '../../contract/env';
import type { WebhookProvider } from '../../contract/webhook-providers';
import type { MailtrailConfig } from '../config';
import { grantPutMailtrailMetrics } from './metrics-grant';
import { PipelineFunction } from './pipeline-function';
import { privacyKey } from './privacy-key';

/** Props of {@link WebhookIngest}. */
export interface WebhookIngestProps {
  /** Validated configuration; `webhooks`, `providers`, `metrics` are read. */
  readonly config: MailtrailConfig;
  /** Firehose stream of canonical events (EventLake.eventsStream). */
  readonly eventsStream: IDeliveryStream;
  /** Firehose stream of RawRecords (EventLake.rawStream). */
  readonly rawStream: IDeliveryStream;
  /** Lake bucket; raw bodies too big for a Firehose record go to it directly. */
  readonly bucket: IBucket;
}

/**
 * Webhook ingestion (docs/design.md "Webhook security"): an HTTP API with one POST
 * route per enabled provider, throttled, access-logged without paths, into
 * one webhook Lambda that verifies, normalizes and writes to the lake streams.
 * Secrets are created by the user (docs/webhooks.md) and referenced by name.
 * @example new WebhookIngest(this, 'Webhooks', { config, eventsStream, rawStream, bucket })
 */
export class WebhookIngest extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly handler: LambdaFunction;
  /** Mailgun tokens already seen (TTL-expired), for replay protection. */
  readonly replayTable: Table;
  readonly accessLogGroup: LogGroup;
  /** Route path per enabled provider, e.g. `/webhooks/mailgun`. */
  readonly routes: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WebhookIngestProps) {
    super(scope, id);
    const routes = webhookRoutes(props.config);
    if (routes.length === 0) {
      throw new Error(
        'WebhookIngest needs at least one enabled webhook provider',
      );
    }
    this.replayTable = this.createReplayTable();
    this.handler = this.createHandler(props, routes);
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: `${props.config.prefix}-webhooks`,
      description: 'mailtrail webhook ingestion (Mailgun, blastengine, CMC)',
      createDefaultStage: false,
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Webhook senders cannot use IAM, Cognito or JWT: each request is authenticated in the Lambda (Mailgun HMAC, CMC API key/Basic, blastengine path token and IP list) before anything is stored.',
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: props.config.webhooks.throttleRateLimit,
        burstLimit: props.config.webhooks.throttleBurstLimit,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    this.routes = this.addRoutes(routes);
  }

  private createReplayTable(): Table {
    const table = new Table(this, 'ReplayTable', {
      partitionKey: { name: REPLAY_KEY_ATTRIBUTE, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: REPLAY_TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(table).acknowledge({
      id: 'AwsSolutions-DDB3',
      reason:
        'The replay table only holds Mailgun tokens for 2 × the timestamp tolerance (minutes); a restored copy would hold nothing useful, so PITR would be cost without value.',
    });
    return table;
  }

  /**
   * One function for every provider: one bundle, warm more often, and
   * ingest.ts is table-driven, so a route only tells it the provider.
   */
  private createHandler(
    props: WebhookIngestProps,
    routes: readonly WebhookRoute[],
  ): LambdaFunction {
    const { config } = props;
    const secrets = webhookSecrets(this, config);
    const privacy = privacyKey(this, config.privacy);
    const fn = new PipelineFunction(this, 'Handler', {
      handler: 'webhook',
      // A CMC batch can be 10,000 events in a ~6 MB body (Lambda's payload
      // cap); 1 GB gives the CPU to parse, normalize and send it in seconds.
      memorySize: 1024,
      // Below the HTTP API's 30 s integration cap, so Lambda times out first.
      timeout: Duration.seconds(28),
      environment: {
        ...webhookEnvironment(props, secrets),
        [ENV.REPLAY_TABLE_NAME]: this.replayTable.tableName,
        ...privacy.environment,
      },
    }).fn;
    for (const { secret } of secrets) secret.grantRead(fn);
    privacy.secret?.grantRead(fn);
    props.eventsStream.grantPutRecords(fn);
    props.rawStream.grantPutRecords(fn);
    grantRawPuts(fn, props.bucket, routes);
    this.replayTable.grantReadWriteData(fn);
    grantPutMailtrailMetrics(fn);
    return fn;
  }

  private addRoutes(routes: readonly WebhookRoute[]): Record<string, string> {
    const integration = new HttpLambdaIntegration('Lambda', this.handler);
    const paths: Record<string, string> = {};
    for (const { provider, path, urlHint } of routes) {
      this.api.addRoutes({ path, methods: [HttpMethod.POST], integration });
      paths[provider] = path;
      new CfnOutput(this, `${provider}Url`, {
        value: `${this.stage.url}${urlHint.slice(1)}`,
        description: `${provider} webhook URL (POST)`,
      });
    }
    return paths;
  }
}

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
