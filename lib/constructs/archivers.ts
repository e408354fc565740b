import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import { cmcLists } from '../../core/archive/cmc';
import type { ArchiveProvider } from '../../core/archive/types';
import type { MailtrailConfig } from '../config';
import { acknowledgeArchiverRole } from './archiver-nag';
import { grantPutMailtrailMetrics } from './metrics-grant';
import { archiverStaleAfter } from './monitoring-periods';
import type { ArchiverMonitor } from './monitoring-props';
import { PipelineFunction } from './pipeline-function';
import { privacyKey } from './privacy-key';

/** Props of {@link Archivers}. */
export interface ArchiversProps {
  /** Validated configuration: providers, archivers, privacy are read. */
  readonly config: MailtrailConfig;
  /** Lake bucket: pages and cursors under archive/. */
  readonly bucket: IBucket;
  /** Firehose stream of canonical events (EventLake.eventsStream). */
  readonly eventsStream: IDeliveryStream;
  /** Firehose stream of raw records (its name is in every sink's env). */
  readonly rawStream: IDeliveryStream;
}

const PASCAL: Readonly<Record<ArchiveProvider, string>> = {
  blastengine: 'Blastengine',
  mailgun: 'Mailgun',
  cmc: 'Cmc',
};

/**
 * Scheduled log archivers (docs/design.md "Archivers"): one function per
 * enabled provider (15 min) on an EventBridge Scheduler schedule with
 * retries and a DLQ that also receives failed runs. Two overlapping runs are
 * safe without reserved concurrency: the cursor write is conditional, so the
 * slower run fails (DLQ, alarm) instead of writing twice; reserving one
 * execution is opt-in (`archivers.reserveConcurrency`). Secrets are created by the user (docs/archivers.md).
 * @example new Archivers(this, 'Archivers', { config, bucket, eventsStream, rawStream })
 */
export class Archivers extends Construct {
  /** The archiver function of each enabled provider. */
  readonly handlers: Partial<Record<ArchiveProvider, IFunction>> = {};
  /** The schedule of each enabled provider. */
  readonly schedules: Partial<Record<ArchiveProvider, Schedule>> = {};
  /** Failed schedule deliveries and failed runs; none when nothing is on. */
  readonly deadLetterQueue?: Queue;
  /** For Monitoring.monitorArchivers: Archiver names and stale windows. */
  readonly monitors: readonly ArchiverMonitor[];

  /** Every archiver function (for Monitoring.monitorFunctions). */
  get functions(): IFunction[] {
    return Object.values(this.handlers);
  }

  constructor(scope: Construct, id: string, props: ArchiversProps) {
    super(scope, id);
    const specs = enabledArchivers(props.config);
    this.monitors = specs.map((s) => ({
      name: s.provider,
      staleAfter: archiverStaleAfter(s.schedule),
    }));
    if (specs.length === 0) return;
    const dlq = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue IS the dead-letter queue (archiver schedules and the archiver functions' on-failure destination); a DLQ of a DLQ would only move the problem.",
    });
    this.deadLetterQueue = dlq;
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    });
    const privacy = privacyKey(this, props.config.privacy);
    for (const spec of specs) {
      const name = PASCAL[spec.provider];
      const fn = new PipelineFunction(this, `${name}Handler`, {
        handler: 'archiver',
        memorySize: 1024,
        timeout: Duration.minutes(15),
        environment: {
          ...archiverEnvironment(spec, props),
          ...privacy.environment,
        },
        functionProps: {
          ...(props.config.archivers.reserveConcurrency
            ? { reservedConcurrentExecutions: 1 }
            : {}),
          // The next scheduled run resumes from the cursor; a failed run
          // goes to the DLQ (alarm) instead of being retried at once.
          retryAttempts: 0,
          maxEventAge: Duration.hours(1),
          onFailure: new SqsDestination(dlq),
        },
      }).fn;
      Secret.fromSecretNameV2(this, `${name}Secret`, spec.secretName).grantRead(
        fn,
      );
      privacy.secret?.grantRead(fn);
      props.bucket.grantReadWrite(fn, 'archive/*');
      props.eventsStream.grantPutRecords(fn);
      grantPutMailtrailMetrics(fn);
      acknowledgeArchiverRole(fn, props.bucket);
      this.schedules[spec.provider] = new Schedule(this, `${name}Schedule`, {
        schedule: ScheduleExpression.expression(spec.schedule),
        description: `mailtrail: archive ${spec.provider} logs`,
        target: new LambdaInvoke(fn, {
          role,
          input: ScheduleTargetInput.fromObject({ provider: spec.provider }),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: dlq,
        }),
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason:
          'L2 grantInvoke (LambdaInvoke target) covers this archiver function and its versions/aliases; nothing else.',
      });
      this.handlers[spec.provider] = fn;
    }
  }
}

/** One enabled archiver as configured. */
export interface ArchiverSpec {
  readonly provider: ArchiveProvider;
  /** EventBridge Scheduler expression. */
  readonly schedule: string;
  /** The user-created secret with the provider API credentials. */
  readonly secretName: string;
  /** Provider-specific environment of the function. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The archivers the configuration turns on: blastengine with
 * `providers.blastengine.archive`, Mailgun when it lists domains, CMC with
 * `providers.cmc.archive`.
 */
export function enabledArchivers(config: MailtrailConfig): ArchiverSpec[] {
  const { blastengine, mailgun, cmc } = config.providers;
  const { archivers } = config;
  const specs: (ArchiverSpec | false)[] = [
    blastengine.archive && {
      provider: 'blastengine',
      schedule: archivers.blastengineSchedule,
      secretName: blastengine.apiSecretName,
      environment: {},
    },
    mailgun.domains.length > 0 && {
      provider: 'mailgun',
      schedule: archivers.mailgunSchedule,
      secretName: mailgun.apiKeySecretName,
      environment: {
        [ENV.MAILGUN_DOMAINS]: mailgun.domains.join(','),
        [ENV.MAILGUN_REGION]: mailgun.region,
      },
    },
    cmc.archive && {
      provider: 'cmc',
      schedule: archivers.cmcSchedule,
      secretName: cmc.apiSecretName,
      environment: {
        [ENV.CMC_SERVER_COMPOSITION]: cmc.serverComposition,
        [ENV.CMC_TIMEZONE]: cmc.timezone,
        [ENV.CMC_ARCHIVE_LISTS]: cmcLists(cmc.archiveLists).join(','),
      },
    },
  ];
  return specs.filter((s): s is ArchiverSpec => s !== false);
}

/** The full environment of one archiver function. */
export function archiverEnvironment(
  spec: ArchiverSpec,
  props: ArchiversProps,
): Record<string, string> {
  return {
    [ENV.ARCHIVER_PROVIDER]: spec.provider,
    [ENV.ARCHIVER_SECRET]: spec.secretName,
    [ENV.LAKE_BUCKET]: props.bucket.bucketName,
    [ENV.EVENTS_STREAM_NAME]: props.eventsStream.deliveryStreamName,
    [ENV.RAW_STREAM_NAME]: props.rawStream.deliveryStreamName,
    ...spec.environment,
  };
}
