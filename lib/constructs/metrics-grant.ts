import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { METRIC_NAMESPACE } from '../../core/metrics/types';

/** Why a function role may hold cloudwatch:* and X-Ray actions on '*'. */
export const METRICS_WILDCARD_REASON =
  'cloudwatch:PutMetricData (limited by the cloudwatch:namespace condition) and GetMetricData/ListMetrics support no resource-level permissions.';

/**
 * Only the rates Lambda calls PutMetricData (one call per run): every other
 * Lambda publishes its counts as Embedded Metric Format log lines
 * (adapters/aws/emf-metrics.ts) and holds no CloudWatch permission.
 * Lets a function publish to the mailtrail namespace only: PutMetricData on
 * '*' (the action has no resource ARNs) with a cloudwatch:namespace
 * condition; acknowledges the resulting nag finding on the function's role.
 * @example grantPutMailtrailMetrics(rates.fn)
 */
export function grantPutMailtrailMetrics(
  fn: IFunction,
  namespace: string = METRIC_NAMESPACE,
): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': namespace } },
    }),
  );
  if (fn.role) {
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: METRICS_WILDCARD_REASON,
    });
  }
}
