import { Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { acknowledgeBucketObjects } from './bucket-grant-nag';

function tokenOf(scope: IConstruct, resource: IConstruct): string {
  const cfn = resource.node.defaultChild as CfnBucket;
  return `<${Stack.of(scope).getLogicalId(cfn)}.Arn>`;
}

/**
 * Acknowledges the wildcards the Firehose S3 destination puts on the SES
 * stream's role: Firehose's S3 actions on bucket/*, and invoking
 * any version of the transform.
 */
export function acknowledgeSesStreamRole(
  role: IConstruct,
  bucket: IBucket,
  transform: IFunction,
): void {
  acknowledgeBucketObjects(
    role,
    bucket,
    '*',
    'Firehose S3 destination (only the S3 actions Firehose needs; no delete or lock): the stream writes date-partitioned objects under raw/provider=ses/ and errors/ses/, so object actions need bucket/*.',
  );
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${tokenOf(role, transform)}:*]`,
    reason:
      'LambdaFunctionProcessor (L2) lets Firehose invoke the transform function and its versions/aliases; only this one function.',
  });
}

/** The DLQ of the SNS subscription and Lambda is itself the dead-letter queue. */
export function acknowledgeDlq(queue: IQueue): void {
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue IS the dead-letter queue (SNS subscription DLQ and the Lambda on-failure destination); a DLQ of a DLQ would only move the problem.',
  });
}
