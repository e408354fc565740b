import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';

/**
 * The S3 actions a Firehose S3 destination needs ("Grant Firehose access to
 * an Amazon S3 destination", Amazon Data Firehose developer guide): no
 * delete, no retention or legal hold, no ACL or policy change.
 */
export const FIREHOSE_S3_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:GetBucketLocation',
  's3:GetObject',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:PutObject',
] as const;

/** Grants a Firehose role exactly {@link FIREHOSE_S3_ACTIONS} on `bucket`. */
export function grantFirehoseDelivery(
  bucket: IBucket,
  grantee: IGrantable,
): Grant {
  return Grant.addToPrincipal({
    grantee,
    actions: [...FIREHOSE_S3_ACTIONS],
    resourceArns: [bucket.bucketArn, bucket.arnForObjects('*')],
  });
}

/**
 * `bucket` as an L2 Firehose S3 destination should see it: the destination
 * calls `grantReadWrite` on its role (which would allow s3:DeleteObject*,
 * s3:PutObjectRetention, s3:PutObjectLegalHold…); this view grants
 * {@link FIREHOSE_S3_ACTIONS} instead. Everything else is the bucket's own.
 * @example new S3Bucket(firehoseDeliveryView(bucket), { role })
 */
export function firehoseDeliveryView(bucket: IBucket): IBucket {
  return Object.create(bucket, {
    grantReadWrite: {
      value: (grantee: IGrantable) => grantFirehoseDelivery(bucket, grantee),
    },
  }) as IBucket;
}
