// Each SDK client lives in its own module (cloudwatch-client.ts, s3-client.ts,
// …), created at import, so a Lambda bundles only the clients it uses.

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
