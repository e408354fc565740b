import { Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * Acknowledges the wildcards of an archiver role's L2 grants: the
 * bucket.grantReadWrite action groups, scoped to the archive/ prefix.
 */
export function acknowledgeArchiverRole(fn: IFunction, bucket: IBucket): void {
  if (!fn.role) return;
  const child = bucket.node.defaultChild as CfnBucket | undefined;
  const bucketId = child
    ? Stack.of(bucket).getLogicalId(child)
    : bucket.node.id;
  const reason =
    'bucket.grantReadWrite(fn, "archive/*") (L2): page keys are built per run (dates, ids) and cursors are read back, so object actions need archive/* and the grant action groups; nothing outside archive/.';
  for (const finding of [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    `Resource::<${bucketId}.Arn>/archive/*`,
  ]) {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason,
    });
  }
}
