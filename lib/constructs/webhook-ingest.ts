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
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import {
  REPLAY_KEY_ATTRIBUTE,
  REPLAY_TTL_ATTRIBUTE,
} from '../../lambdas/webhook/replay-table';
import type { MailtrailConfig } from '../config';
import { grantPutMailtrailMetrics } from './metrics-grant';
import { PipelineFunction } from './pipeline-function';
import { privacyKey } from './privacy-key';
import {
  ACCESS_LOG_FORMAT,
  grantRawPuts,
  type WebhookRoute,
  webhookEnvironment,
  webhookRoutes,
  webhookSecrets,
} from './webhook-routes';

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
  readonly handler: NodejsFunction;
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
  ): NodejsFunction {
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
