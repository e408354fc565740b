import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import type { MailtrailConfig } from '../config';
import {
  grantPutMailtrailMetrics,
  METRICS_WILDCARD_REASON,
} from './metrics-grant';
import { PipelineFunction } from './pipeline-function';

/** Props of {@link RatesPublisher}. */
export interface RatesPublisherProps {
  /** The metrics section of the validated configuration. */
  readonly metrics: MailtrailConfig['metrics'];
}

/**
 * The rates Lambda (lambdas/rates) on an EventBridge Scheduler schedule:
 * reads the counts over the trailing window and publishes BounceRate and
 * ComplaintRate (docs/metrics.md "Rates").
 */
export class RatesPublisher extends Construct {
  /** The rates function. */
  readonly fn: IFunction;
  /** The schedule invoking it (config.metrics.ratesSchedule). */
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: RatesPublisherProps) {
    super(scope, id);
    const { metrics } = props;
    this.fn = new PipelineFunction(this, 'Handler', {
      handler: 'rates',
      memorySize: 256,
      timeout: Duration.minutes(2),
      environment: {
        [ENV.METRICS_NAMESPACE]: METRIC_NAMESPACE,
        [ENV.METRIC_DIMENSIONS]: metrics.dimensions.join(','),
        [ENV.RATE_WINDOW_HOURS]: String(metrics.rateWindowHours),
        [ENV.RATE_MINIMUM_VOLUME]: String(metrics.minimumVolume),
      },
    }).fn;
    grantPutMailtrailMetrics(this.fn);
    // No L2 grant exists for reading metrics; neither action takes resource
    // ARNs or the cloudwatch:namespace condition key.
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'],
        resources: ['*'],
      }),
    );
    if (this.fn.role) {
      Validations.of(this.fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: METRICS_WILDCARD_REASON,
      });
    }
    // Our own scheduler role (not the stack-wide shared one) so its nag
    // acknowledgement stays as narrow as this construct.
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    });
    this.schedule = new Schedule(this, 'Schedule', {
      schedule: ScheduleExpression.expression(metrics.ratesSchedule),
      description: 'mailtrail: publish BounceRate and ComplaintRate',
      target: new LambdaInvoke(this.fn, {
        role,
        // The next run recomputes the whole window: no retry needed.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(5),
      }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason:
        'L2 grantInvoke (LambdaInvoke target) covers the rates function and its versions/aliases; nothing else.',
    });
  }
}
