/**
 * Names of the environment variables handlers read. Constructs import the
 * same constants when they set them, so the two never drift apart.
 */
export const ENV = {
  EVENTS_STREAM_NAME: 'MAILTRAIL_EVENTS_STREAM',
  RAW_STREAM_NAME: 'MAILTRAIL_RAW_STREAM',
  METRICS_NAMESPACE: 'MAILTRAIL_METRICS_NAMESPACE',
  METRIC_DIMENSIONS: 'MAILTRAIL_METRIC_DIMENSIONS',
  LAKE_BUCKET: 'MAILTRAIL_LAKE_BUCKET',
  CMC_TIMEZONE: 'MAILTRAIL_CMC_TIMEZONE',
  PRIVACY_KEY_SECRET: 'MAILTRAIL_PRIVACY_KEY_SECRET',
} as const;

/** Reads a required environment variable or throws naming it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

/** Reads an optional environment variable; '' counts as unset. */
export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}
