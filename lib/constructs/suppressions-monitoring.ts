import { Duration } from 'aws-cdk-lib';
import {
  type Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { PIPELINE_METRICS } from '../../core/metrics/pipeline';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { alarmFactory } from './monitoring-alarms';

const DAY = Duration.days(1);

/** Suppressions added per day, one line per reason and provider (SEARCH). */
export function suppressionsAddedWidget(): GraphWidget {
  return new GraphWidget({
    title: 'Suppressions added per day (by reason, provider)',
    width: 12,
    period: DAY,
    stacked: true,
    left: [
      new MathExpression({
        expression: `SEARCH('{${METRIC_NAMESPACE},Reason,Provider} MetricName="${PIPELINE_METRICS.SuppressionsAdded}"', 'Sum', ${DAY.toSeconds()})`,
        label: '',
        period: DAY,
      }),
    ],
  });
}

/**
 * The suppression widget on the dashboard and an alarm on any address whose
 * entry could not be written (the event is in the lake; the log names its
 * event_ids).
 */
export function monitorSuppressions(
  scope: Construct,
  dashboard: Dashboard,
  topic: ITopic,
  prefix: string,
): void {
  dashboard.addWidgets(suppressionsAddedWidget());
  alarmFactory(
    scope,
    topic,
    prefix,
  )('SuppressionWriteErrors', {
    metric: new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: PIPELINE_METRICS.SuppressionWriteErrors,
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
    threshold: 1,
    description:
      'a suppression could not be recorded (SuppressionWriteErrors ≥ 1)',
  });
}
