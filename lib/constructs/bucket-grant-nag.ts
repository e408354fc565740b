import { Stack, Validations } from 'aws-cdk-lib';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/** The wildcard action groups an L2 bucket.grantReadWrite puts on a role. */
const READ_WRITE_ACTION_GROUPS = [
  'Action::s3:GetObject*',
  'Action::s3:GetBucket*',
  'Action::s3:List*',
  'Action::s3:DeleteObject*',
  'Action::s3:Abort*',
] as const;

function bucketLogicalId(bucket: IBucket): string {
  const child = bucket.node.defaultChild as CfnBucket | undefined;
  return child ? Stack.of(bucket).getLogicalId(child) : bucket.node.id;
}

/**
 * Acknowledges the AwsSolutions-IAM5 finding of object ARNs
 * `<bucket>.Arn/<objects>` (e.g. `*`) on `role`, with the caller's reason.
 */
export function acknowledgeBucketObjects(
  role: IConstruct,
  bucket: IBucket,
  objects: string,
  reason: string,
): void {
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId(bucket)}.Arn>/${objects}]`,
    reason,
  });
}

/**
 * Acknowledges the AwsSolutions-IAM5 findings of an L2 bucket.grantReadWrite
 * on `role`: its action groups and the object ARNs `<bucket>.Arn/<objects>`
 * (e.g. `*` or `archive/*`), each with the one `reason` the caller gives.
 */
export function acknowledgeBucketReadWrite(
  role: IConstruct,
  bucket: IBucket,
  objects: string,
  reason: string,
): void {
  for (const group of READ_WRITE_ACTION_GROUPS) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[${group}]`,
      reason,
    });
  }
  acknowledgeBucketObjects(role, bucket, objects, reason);
}
