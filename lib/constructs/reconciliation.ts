import { Duration, Stack, Validations } from 'aws-cdk-lib';
import {
  type Alarm,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import type { ArchiveProvider } from '../../core/archive/types';
import { PIPELINE_METRICS } from '../../core/metrics/pipeline';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { reconciliationQuery } from '../../core/queries/reconciliation';
import { missedAlarmExpression } from '../../core/reconcile/ledger';
import { acknowledgeBucketReadWrite } from './bucket-grant-nag';
import type { EventLake } from './event-lake';
import { ATHENA_RESULTS_PREFIX } from './lake-athena';
import { EVENTS_PREFIX } from './lake-catalog';
import { alarmFactory, pascalId } from './monitoring-alarms';
import { PipelineFunction } from './pipeline-function';
import { acknowledgeScheduledInvoke, schedulerRole } from './scheduler-role';

/** Longest evaluation range of a CloudWatch alarm: 7 one-day periods. */
const MAX_ALARM_DAYS = 7;

/** Props of {@link Reconciliation}. */
export interface ReconciliationProps {
  /** Alarm name prefix (the config prefix). */
  readonly prefix: string;
  /** The lake: its workgroup holds the `reconciliation` named query. */
  readonly lake: Pick<EventLake, 'workGroup' | 'table' | 'bucket'>;
  /** Providers whose archiver is on: one alarm each. */
  readonly providers: readonly ArchiveProvider[];
  /** The alarm topic. */
  readonly topic: ITopic;
  /** Days each run covers, today included. @default 7 */
  readonly days?: number;
  /** Share of a day's events above which its misses alarm. @default 0.001 */
  readonly missedShare?: number;
  /** EventBridge Scheduler expression. @default 'cron(0 6 * * ? *)' */
  readonly schedule?: string;
}

/**
 * The scheduled reconciliation (docs/reconciliation.md): a Lambda
 * (lambdas/reconcile) that runs the `reconciliation` named query daily over
 * the last N days and publishes MissedWebhookEvents / ReconciledEvents per
 * provider and covered day (EMF), and one alarm per archived provider when a
 * day's misses exceed the configured share of its events (and ≥ 1).
 */
export class Reconciliation extends Construct {
  readonly fn: IFunction;
  readonly schedule: Schedule;
  /** Missed-webhook alarms keyed by provider. */
  readonly alarms: ReadonlyMap<ArchiveProvider, Alarm>;

  constructor(scope: Construct, id: string, props: ReconciliationProps) {
    super(scope, id);
    const { lake, prefix } = props;
    const reconciliation = {
      days: props.days ?? 7,
      missedShare: props.missedShare ?? 0.001,
      schedule: props.schedule ?? 'cron(0 6 * * ? *)',
    };
    const query = lake.workGroup.namedQueries.get(reconciliationQuery.name);
    if (!query) throw new Error('the workgroup has no reconciliation query');
    this.fn = new PipelineFunction(this, 'Handler', {
      handler: 'reconcile',
      memorySize: 256,
      timeout: Duration.minutes(10),
      environment: {
        [ENV.METRICS_NAMESPACE]: METRIC_NAMESPACE,
        [ENV.ATHENA_WORKGROUP]: lake.workGroup.workGroupName,
        [ENV.RECONCILIATION_QUERY_ID]: query.attrNamedQueryId,
        [ENV.RECONCILIATION_DAYS]: String(reconciliation.days),
        [ENV.RECONCILIATION_MISSED_SHARE]: String(reconciliation.missedShare),
      },
    }).fn;
    this.grantQuery(lake);
    const role = schedulerRole(this);
    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.expression(reconciliation.schedule),
      description: 'mailtrail: reconcile webhooks against the archives',
      target: new LambdaInvoke(this.fn, {
        role,
        // The next run covers the same days again: no retry needed.
        retryAttempts: 0,
        maxEventAge: Duration.hours(1),
      }),
    });
    acknowledgeScheduledInvoke(role, this.fn);
    const alarm = alarmFactory(this, props.topic, prefix);
    const days = Math.min(reconciliation.days, MAX_ALARM_DAYS);
    this.alarms = new Map(
      props.providers.map((provider) => [
        provider,
        alarm(`MissedWebhooks${pascalId(provider)}`, {
          metric: missedShareMetric(provider, reconciliation.missedShare),
          threshold: 1,
          evaluationPeriods: days,
          datapointsToAlarm: 1,
          missing: TreatMissingData.NOT_BREACHING,
          description: `${provider}: a day of the last ${days} has missed webhook events above ${reconciliation.missedShare * 100} % of its events (and ≥ 1)`,
        }),
      ]),
    );
  }

  /** Athena workgroup, Glue table, lake events read, results read/write. */
  private grantQuery(lake: ReconciliationProps['lake']): void {
    const role = this.fn.role!;
    lake.workGroup.grantRunQueries(this.fn);
    lake.table.grantRead(this.fn);
    lake.table.grantToUnderlyingResources(this.fn, ['glue:GetDatabase']);
    lake.bucket.grantReadWrite(this.fn, `${ATHENA_RESULTS_PREFIX}*`);
    acknowledgeBucketReadWrite(
      role,
      lake.bucket,
      `${ATHENA_RESULTS_PREFIX}*`,
      'Athena writes and reads the query results under athena-results/ with the caller’s permissions; L2 grantReadWrite scoped to that prefix.',
    );
    const bucketId = Stack.of(this).getLogicalId(
      lake.bucket.node.defaultChild as CfnBucket,
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${EVENTS_PREFIX}*]`,
      reason:
        'L2 table.grantRead: the query reads the events table’s objects (events/ only).',
    });
  }
}

/** 1 on a day whose misses exceed `share` of its events (and ≥ 1), else 0. */
function missedShareMetric(provider: string, share: number): MathExpression {
  const daily = (metricName: string) =>
    new Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { Provider: provider },
      // Each run re-publishes a day's counts: the maximum is the day's value.
      statistic: 'Maximum',
      period: Duration.days(1),
    });
  return new MathExpression({
    expression: missedAlarmExpression('missed', 'events', share),
    usingMetrics: {
      missed: daily(PIPELINE_METRICS.MissedWebhookEvents),
      events: daily(PIPELINE_METRICS.ReconciledEvents),
    },
    period: Duration.days(1),
    label: `${provider} missed webhooks above share`,
  });
}
