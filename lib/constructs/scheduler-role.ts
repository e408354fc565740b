import { Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/**
 * The role EventBridge Scheduler assumes to invoke a construct's functions
 * (construct id 'SchedulerRole' in `scope`): this account's scheduler only,
 * one role per construct so its nag acknowledgements stay as narrow as the
 * construct. Each target's L2 `LambdaInvoke` grants the invoke; call
 * {@link acknowledgeScheduledInvoke} for each function.
 */
export function schedulerRole(scope: Construct): Role {
  return new Role(scope, 'SchedulerRole', {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
      },
    }),
  });
}

/**
 * Acknowledges the `<function>.Arn:*` finding of the L2 grantInvoke that a
 * `LambdaInvoke` target adds to `role`: the function and its versions and
 * aliases, nothing else.
 */
export function acknowledgeScheduledInvoke(role: Role, fn: IFunction): void {
  const cfn = fn.node.defaultChild as CfnFunction;
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(role).getLogicalId(cfn)}.Arn>:*]`,
    reason: `L2 grantInvoke (LambdaInvoke target) covers ${fn.node.path} and its versions/aliases; nothing else.`,
  });
}
