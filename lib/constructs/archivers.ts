import { Duration, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
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
import type { ArchiveProvider } from '../../core/archive/types';
import { acknowledgeArchiverRole } from './archiver-nag';
import type { EventLake } from './event-lake';
import { archiverStaleAfter } from './monitoring-periods';
import type { ArchiverMonitor } from './monitoring-props';
import { PipelineFunction } from './pipeline-function';
import { acknowledgeScheduledInvoke, schedulerRole } from './scheduler-role';

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

/** Props of {@link Archivers}. */
export interface ArchiversProps {
  /** The lake: pages and cursors under archive/, events to its stream. */
  readonly lake: EventLake;
  /** The archivers to run, one function and schedule each. @default none */
  readonly archivers?: readonly ArchiverSpec[];
  /** Reserve one concurrent execution per archiver function. @default false */
  readonly reserveConcurrency?: boolean;
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
 * execution is opt-in (`reserveConcurrency`). Secrets are created by the user (docs/archivers.md).
 * @example new Archivers(this, 'Archivers', { lake, archivers: [{ provider: 'cmc', schedule, secretName, environment }] })
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
    const specs = props.archivers ?? [];
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
    const role = schedulerRole(this);
    const { lake } = props;
    for (const spec of specs) {
      const name = PASCAL[spec.provider];
      const fn = new PipelineFunction(this, `${name}Handler`, {
        handler: 'archiver',
        memorySize: 1024,
        timeout: Duration.minutes(15),
        environment: {
          [ENV.ARCHIVER_PROVIDER]: spec.provider,
          [ENV.ARCHIVER_SECRET]: spec.secretName,
          ...spec.environment,
        },
        functionProps: {
          ...(props.reserveConcurrency
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
      lake.grantWrite(fn);
      lake.bucket.grantReadWrite(fn, 'archive/*');
      acknowledgeArchiverRole(fn, lake.bucket);
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
      acknowledgeScheduledInvoke(role, fn);
      this.handlers[spec.provider] = fn;
    }
  }
}
