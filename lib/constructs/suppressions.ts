import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  FilterCriteria,
  FilterRule,
  type IFunction,
  Function as LambdaFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import {
  DynamoEventSource,
  SqsDlq,
} from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, SUPPRESSION_KEY_ATTRIBUTE } from '../../contract/env';
import { PipelineFunction } from './pipeline-function';
import { ACCESS_LOG_FORMAT } from './webhook-ingest';

/** What reading and conditionally updating one entry needs; no scans or deletes. */
const ENTRY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

/** Route of the suppression check (IAM-authorized GET). */
export const SUPPRESSION_ROUTE = '/suppressions/{address}';

/** Where {@link Suppressions} pushes to Mailgun. */
export interface MailgunPush {
  /** Sending domains whose bounces/complaints/unsubscribes lists get every entry. */
  readonly domains: readonly string[];
  readonly region: 'us' | 'eu';
  /** Secret holding the private API key (plain string). */
  readonly apiKeySecretName: string;
}

/** Props of {@link Suppressions}. */
export interface SuppressionsProps {
  /** Prefix of the own HTTP API's name. @default 'mailtrail' */
  readonly prefix?: string;
  /** Key of hashed recipients (EventLake.privacyKey); the reader keys alike. @default none */
  readonly privacyKey?: ISecret;
  /** Consecutive soft bounces that suppress; 0 is off. @default 0 */
  readonly softBounceThreshold?: number;
  /** …within this many days. @default 7 */
  readonly softBounceWindowDays?: number;
  /** Push new entries to the SES account-level list. @default false */
  readonly pushToSes?: boolean;
  /** Push new entries to Mailgun. @default no Mailgun push */
  readonly pushToMailgun?: MailgunPush;
  /** Throttle of the own HTTP API's stage. @default 100 */
  readonly throttleRateLimit?: number;
  /** @default 200 */
  readonly throttleBurstLimit?: number;
  /**
   * The HTTP API the GET route is added to (the webhook API).
   * @default a new HTTP API of its own (no webhook provider is on)
   */
  readonly api?: HttpApi;
}

/**
 * The one suppression list (README "Suppressions"): a DynamoDB table, one
 * item per address, written by the functions that already hold the events
 * ({@link attachWriters}); `GET /suppressions/{address}` with IAM auth; and,
 * when a push target is on, a stream → push function with retries and an
 * SQS DLQ.
 * @example const s = new Suppressions(this, 'Suppressions', { api: webhooks.api }); s.attachWriters(fns)
 */
export class Suppressions extends Construct {
  readonly table: Table;
  /** The HTTP API serving GET /suppressions/{address}. */
  readonly api: HttpApi;
  /** The read function behind GET /suppressions/{address}. */
  readonly reader: IFunction;
  /** Pushes new suppressions to providers; only with a push target on. */
  readonly pusher?: IFunction;
  /** Pushes that failed every retry; only with a push target on. */
  readonly pushDlq?: Queue;
  private readonly props: SuppressionsProps;

  constructor(scope: Construct, id: string, props: SuppressionsProps) {
    super(scope, id);
    this.props = props;
    const push = pushTargets(props);
    this.table = new Table(this, 'Table', {
      partitionKey: {
        name: SUPPRESSION_KEY_ATTRIBUTE,
        type: AttributeType.STRING,
      },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // The list is the record of who must not be mailed: keep it.
      removalPolicy: RemovalPolicy.RETAIN,
      ...(push.length > 0 ? { stream: StreamViewType.KEYS_ONLY } : {}),
    });
    this.api = props.api ?? this.createApi();
    this.reader = this.createReader(this.api);
    if (push.length > 0) {
      this.pushDlq = new Queue(this, 'PushDlq', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(this.pushDlq).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue IS the dead-letter queue of the suppression push; a DLQ of a DLQ would only move the problem.',
      });
      this.pusher = this.createPusher(push, this.pushDlq);
    }
  }

  /** An HTTP API of its own (no webhook API to share): IAM auth, access logs. */
  private createApi(): HttpApi {
    const api = new HttpApi(this, 'Api', {
      apiName: `${this.props.prefix ?? 'mailtrail'}-suppressions`,
      description: 'mailtrail suppression checks (IAM-authorized)',
      createDefaultStage: false,
    });
    new HttpStage(this, 'Stage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: this.props.throttleRateLimit ?? 100,
        burstLimit: this.props.throttleBurstLimit ?? 200,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'AccessLogs', {
            retention: RetentionDays.THREE_MONTHS,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        ),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FORMAT)),
      },
    });
    return api;
  }

  /** Every function of the construct (for Monitoring.monitorFunctions). */
  get functions(): IFunction[] {
    return [this.reader, this.pusher].filter((fn) => fn !== undefined);
  }

  /**
   * Lets functions that write events through the lake sink record
   * suppressions: the table name (and rules) in their environment, read and
   * write on the table.
   */
  attachWriters(fns: readonly IFunction[]): void {
    const { softBounceThreshold = 0, softBounceWindowDays = 7 } = this.props;
    for (const fn of fns) {
      if (!(fn instanceof LambdaFunction)) {
        throw new Error(`${fn.node.path} is not a Lambda function`);
      }
      fn.addEnvironment(ENV.SUPPRESSIONS_TABLE, this.table.tableName);
      if (softBounceThreshold > 0) {
        fn.addEnvironment(
          ENV.SOFT_BOUNCE_THRESHOLD,
          String(softBounceThreshold),
        );
        fn.addEnvironment(
          ENV.SOFT_BOUNCE_WINDOW_DAYS,
          String(softBounceWindowDays),
        );
      }
      this.table.grant(fn, ...ENTRY_ACTIONS);
    }
  }

  private createReader(api: HttpApi): IFunction {
    const { privacyKey } = this.props;
    const fn = new PipelineFunction(this, 'Reader', {
      handler: 'suppressions-api',
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: {
        [ENV.SUPPRESSIONS_TABLE]: this.table.tableName,
        ...(privacyKey
          ? { [ENV.PRIVACY_KEY_SECRET]: privacyKey.secretName }
          : {}),
      },
    }).fn;
    this.table.grant(fn, 'dynamodb:GetItem');
    privacyKey?.grantRead(fn);
    api.addRoutes({
      path: SUPPRESSION_ROUTE,
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('Check', fn),
      authorizer: new HttpIamAuthorizer(),
    });
    new CfnOutput(this, 'CheckUrl', {
      value: `${api.apiEndpoint}/suppressions/{address}`,
      description: 'Suppression check (GET, SigV4-signed, service execute-api)',
    });
    return fn;
  }

  private createPusher(targets: readonly string[], dlq: Queue): IFunction {
    const mailgun = this.props.pushToMailgun;
    const environment: Record<string, string> = {
      [ENV.SUPPRESSIONS_TABLE]: this.table.tableName,
      [ENV.SUPPRESSION_PUSH_TARGETS]: targets.join(','),
    };
    const secret = mailgun
      ? Secret.fromSecretNameV2(this, 'MailgunApiKey', mailgun.apiKeySecretName)
      : undefined;
    if (mailgun && secret) {
      environment[ENV.SUPPRESSION_PUSH_MAILGUN_DOMAINS] =
        mailgun.domains.join(',');
      environment[ENV.SUPPRESSION_PUSH_MAILGUN_REGION] = mailgun.region;
      environment[ENV.SUPPRESSION_PUSH_MAILGUN_SECRET] = secret.secretName;
    }
    const fn = new PipelineFunction(this, 'Pusher', {
      handler: 'suppressions-push',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment,
    }).fn;
    secret?.grantRead(fn);
    this.table.grant(fn, ...ENTRY_ACTIONS);
    if (targets.includes('ses')) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:PutSuppressedDestination'],
          // The account-level list has no resource type: '*' is the only valid resource.
          resources: ['*'],
        }),
      );
    }
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ses:PutSuppressedDestination (account-level suppression list) and the X-Ray trace actions support no resource-level permissions.',
    });
    fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(dlq),
        // Only writes of the entry; removals of items never push.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
          }),
        ],
      }),
    );
    return fn;
  }
}

/** The push targets switched on. */
export function pushTargets(props: SuppressionsProps): string[] {
  return [props.pushToSes && 'ses', props.pushToMailgun && 'mailgun'].filter(
    (t): t is string => typeof t === 'string',
  );
}
