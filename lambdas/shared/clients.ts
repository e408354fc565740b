import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * Optional endpoint override (e.g. moto in integration tests); unset in AWS.
 * S3 clients must also set `forcePathStyle: true` when it is present.
 */
export const AWS_ENDPOINT_ENV = 'MAILTRAIL_AWS_ENDPOINT';

/** Shared client options honouring {@link AWS_ENDPOINT_ENV}. */
export function clientConfig(): { endpoint?: string } {
  const endpoint = process.env[AWS_ENDPOINT_ENV];
  return endpoint ? { endpoint } : {};
}

/** CloudWatch client for PutMetricData / GetMetricData (module scope: reused). */
export const cloudWatch = new CloudWatchClient(clientConfig());

/** Secrets Manager client for webhook credentials (module scope: reused). */
export const secretsManager = new SecretsManagerClient(clientConfig());

/** DynamoDB client for the webhook replay cache (module scope: reused). */
export const dynamoDb = new DynamoDBClient(clientConfig());

/** SES v2 client for the configuration-set attach custom resource. */
export const sesv2 = new SESv2Client(clientConfig());

/** Firehose client for the events and raw streams (module scope: reused). */
export const firehose = new FirehoseClient(clientConfig());

/** S3 client for the lake bucket; path-style when the endpoint is overridden. */
export const s3 = new S3Client({
  ...clientConfig(),
  forcePathStyle: clientConfig().endpoint !== undefined,
});
