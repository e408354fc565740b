import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import type { MetricDimension } from '../../core/metrics/types';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { metricsEnvironment } from './metrics-environment';
import {
  grantPutMailtrailMetrics,
  METRICS_WILDCARD_REASON,
} from './metrics-grant';
import { PipelineFunction } from './pipeline-function';
import { acknowledgeScheduledInvoke, schedulerRole } from './scheduler-role';

/** How the rates are computed and when they alarm (docs/metrics.md "Rates"). */
export interface RatesSettings {
  /** Dimension sets the rates are computed per. @default ['Provider', 'SendingDomain'] */
  readonly dimensions?: readonly MetricDimension[];
  /**
   * Sending domains with their own `SendingDomain` value (config
   * metrics.sendingDomains); every other domain counts as `(other)`.
   * @default [] (no per-domain series)
   */
  readonly sendingDomains?: readonly string[];
  /** Trailing window, hours. @default 24 */
  readonly rateWindowHours?: number;
  /** Sends below which no rate is published. @default 100 */
  readonly minimumVolume?: number;
  /** EventBridge Scheduler expression of the rates run. @default 'rate(15 minutes)' */
  readonly ratesSchedule?: string;
  /** @default 0.05 */
  readonly bounceRateWarning?: number;
  /** @default 0.1 */
  readonly bounceRateCritical?: number;
  /** @default 0.001 */
  readonly complaintRateWarning?: number;
  /** @default 0.005 */
  readonly complaintRateCritical?: number;
}

/** {@link RatesSettings} with every default applied. */
export function ratesWithDefaults(
  rates: RatesSettings = {},
): Required<RatesSettings> {
  return {
    dimensions: ['Provider', 'SendingDomain'],
    sendingDomains: [],
    rateWindowHours: 24,
    minimumVolume: 100,
    ratesSchedule: 'rate(15 minutes)',
    bounceRateWarning: 0.05,
    bounceRateCritical: 0.1,
    complaintRateWarning: 0.001,
    complaintRateCritical: 0.005,
    ...rates,
  };
}

/** Props of {@link RatesPublisher}. */
export type RatesPublisherProps = RatesSettings;

/**
 * The rates Lambda (lambdas/rates → app/rates) on an EventBridge Scheduler schedule:
 * reads the counts over the trailing window and publishes BounceRate and
 * ComplaintRate (docs/metrics.md "Rates").
 */
export class RatesPublisher extends Construct {
  /** The rates function. */
  readonly fn: IFunction;
  /** The schedule invoking it (config.metrics.ratesSchedule). */
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: RatesPublisherProps = {}) {
    super(scope, id);
    const metrics = ratesWithDefaults(props);
    this.fn = new PipelineFunction(this, 'Handler', {
      handler: 'rates',
      memorySize: 256,
      timeout: Duration.minutes(2),
      environment: {
        [ENV.METRICS_NAMESPACE]: METRIC_NAMESPACE,
        ...metricsEnvironment(metrics),
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
    const role = schedulerRole(this);
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
    acknowledgeScheduledInvoke(role, this.fn);
  }
}
