import { Names } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct, IConstruct } from 'constructs';

/** What differs between mailtrail alarms. */
export interface AlarmSpec {
  readonly metric: IMetric;
  readonly threshold: number;
  /** One line for the notification, e.g. 'ses bounceRate ≥ 5 % (warning)'. */
  readonly description: string;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparison?: ComparisonOperator;
  /** @default NOT_BREACHING */
  readonly missing?: TreatMissingData;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** Breaching periods (of evaluationPeriods) that alarm. @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
}

/** Creates alarms under one scope, all notifying one topic. */
export type AlarmFactory = (id: string, spec: AlarmSpec) => Alarm;

/**
 * An {@link AlarmFactory}: alarms named `<prefix>-<id>` that notify `topic`
 * on ALARM and on OK, so a recovery is announced as well.
 */
export function alarmFactory(
  scope: Construct,
  topic: ITopic,
  prefix: string,
): AlarmFactory {
  const action = new SnsAction(topic);
  return (id, spec) => {
    const alarm = new Alarm(scope, id, {
      alarmName: `${prefix}-${id}`,
      alarmDescription: `mailtrail: ${spec.description}. See docs/metrics.md.`,
      metric: spec.metric,
      threshold: spec.threshold,
      comparisonOperator:
        spec.comparison ??
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      ...(spec.datapointsToAlarm
        ? { datapointsToAlarm: spec.datapointsToAlarm }
        : {}),
      treatMissingData: spec.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  };
}

/** A stable, unique alarm id suffix for a monitored construct (its path hash). */
export function idOf(scope: IConstruct): string {
  return Names.uniqueId(scope).slice(-48);
}

/** 'mailgun-events' → 'MailgunEvents', for alarm ids from free-form names. */
export function pascalId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
