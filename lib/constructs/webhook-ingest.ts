import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  ENV,
  REPLAY_KEY_ATTRIBUTE,
  REPLAY_TTL_ATTRIBUTE,
  WEBHOOK_BODY_LIMIT_BYTES,
} from '../../contract/env';
import type { WebhookProvider } from '../../contract/webhook-providers';
import type { MetricDimension } from '../../core/metrics/types';
import type { EventLake } from './event-lake';
import { metricsEnvironment } from './metrics-environment';
import { PipelineFunction } from './pipeline-function';

/** Props of {@link WebhookIngest}. */
export interface WebhookIngestProps {
  /** The lake the handler writes events and raw bodies into. */
  readonly lake: EventLake;
  /**
   * The user-created secret of each provider to serve (docs/webhooks.md);
   * a provider without one gets no route. At least one is required.
   */
  readonly secretNames: Readonly<Partial<Record<WebhookProvider, string>>>;
  /** Prefix of the API name. @default 'mailtrail' */
  readonly prefix?: string;
  /** blastengine source IPs allowed to post. @default [] (any) */
  readonly blastengineAllowedIps?: readonly string[];
  /** IANA zone of CMC's offset-less times. @default 'Asia/Tokyo' */
  readonly cmcTimezone?: string;
  /** Dimensions of the event counts. @default ['Provider', 'SendingDomain'] */
  readonly metricDimensions?: readonly MetricDimension[];
  /**
   * Sending domains with their own `SendingDomain` value (config
   * metrics.sendingDomains); every other domain counts as `(other)`.
   * @default [] (no per-domain series)
   */
  readonly sendingDomains?: readonly string[];
  /** Mailgun timestamp tolerance either way, seconds. @default 300 */
  readonly mailgunToleranceSeconds?: number;
  /** Largest accepted body, bytes (at most 4 MiB, docs/webhooks.md). @default WEBHOOK_BODY_LIMIT_BYTES (4 MiB) */
  readonly maxBodyBytes?: number;
  /** Steady-state requests per second per route. @default 100 */
  readonly throttleRateLimit?: number;
  /** Burst per route. @default 200 */
  readonly throttleBurstLimit?: number;
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

/** Each provider's secret: construct id and the env var naming it. */
const SECRETS: Readonly<Record<WebhookProvider, [id: string, env: string]>> = {
  mailgun: ['MailgunSigningKey', ENV.MAILGUN_SIGNING_KEY_SECRET],
  blastengine: ['BlastengineToken', ENV.BLASTENGINE_TOKEN_SECRET],
  cmc: ['CmcWebhook', ENV.CMC_WEBHOOK_SECRET],
};

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

/**
 * Webhook ingestion (docs/design.md "Webhook security"): an HTTP API with one POST
 * route per provider with a secret, throttled, access-logged without paths,
 * into one webhook Lambda that verifies, normalizes and writes to the lake.
 * Secrets are created by the user (docs/webhooks.md) and referenced by name;
 * a missing one fails that provider's requests with 500 until it exists.
 * @example new WebhookIngest(this, 'Webhooks', { lake, secretNames: { mailgun: 'mailtrail/mailgun/signing-key' } })
 */
export class WebhookIngest extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly handler: LambdaFunction;
  /** Mailgun tokens already seen (TTL-expired), for replay protection. */
  readonly replayTable: Table;
  readonly accessLogGroup: LogGroup;
  /** Route path per provider served, e.g. `/webhooks/mailgun`. */
  readonly routes: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WebhookIngestProps) {
    super(scope, id);
    const routes = ROUTES.filter((r) => props.secretNames[r.provider]);
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
      apiName: `${props.prefix ?? 'mailtrail'}-webhooks`,
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
        rateLimit: props.throttleRateLimit ?? 100,
        burstLimit: props.throttleBurstLimit ?? 200,
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
   * app/webhook is table-driven, so a route only tells it the provider.
   */
  private createHandler(
    props: WebhookIngestProps,
    routes: readonly WebhookRoute[],
  ): LambdaFunction {
    const fn = new PipelineFunction(this, 'Handler', {
      handler: 'webhook',
      // A CMC batch can be 10,000 events in a ~6 MB body (Lambda's payload
      // cap); 1 GB gives the CPU to parse, normalize and send it in seconds.
      memorySize: 1024,
      // Below the HTTP API's 30 s integration cap, so Lambda times out first.
      timeout: Duration.seconds(28),
      environment: {
        [ENV.CMC_TIMEZONE]: props.cmcTimezone ?? 'Asia/Tokyo',
        ...metricsEnvironment({
          dimensions: props.metricDimensions ?? ['Provider', 'SendingDomain'],
          sendingDomains: props.sendingDomains ?? [],
        }),
        [ENV.MAILGUN_TOLERANCE_SECONDS]: String(
          props.mailgunToleranceSeconds ?? 300,
        ),
        [ENV.WEBHOOK_MAX_BODY_BYTES]: String(
          props.maxBodyBytes ?? WEBHOOK_BODY_LIMIT_BYTES,
        ),
        [ENV.BLASTENGINE_ALLOWED_IPS]: (props.blastengineAllowedIps ?? []).join(
          ',',
        ),
        [ENV.REPLAY_TABLE_NAME]: this.replayTable.tableName,
      },
    }).fn;
    for (const { provider } of routes) {
      const [id, env] = SECRETS[provider];
      const name = props.secretNames[provider] as string;
      const secret = Secret.fromSecretNameV2(this, id, name);
      fn.addEnvironment(env, secret.secretName);
      secret.grantRead(fn);
    }
    props.lake.grantWrite(fn, {
      raw: true,
      oversizeRawProviders: routes.map((r) => r.provider),
    });
    // One conditional PutItem per claim; nothing is read back or deleted.
    this.replayTable.grant(fn, 'dynamodb:PutItem');
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
