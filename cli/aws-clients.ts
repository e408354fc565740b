import { AWS_ENDPOINT_ENV } from '../adapters/aws/client-config';
import type { CliIo } from './types';

/**
 * AWS client settings of a CLI command: `--region` or AWS_REGION, and the
 * endpoint override of tests (moto), with which S3 must be path-style.
 * Credentials come from the SDK's default chain (the user's).
 */
export function cliAwsConfig(
  io: CliIo,
  region: string | undefined,
): {
  config: { region?: string; endpoint?: string };
  s3Config: { region?: string; endpoint?: string; forcePathStyle: boolean };
} {
  const endpoint = io.env[AWS_ENDPOINT_ENV];
  const config = {
    region: region ?? io.env.AWS_REGION,
    ...(endpoint ? { endpoint } : {}),
  };
  return {
    config,
    s3Config: { ...config, forcePathStyle: endpoint !== undefined },
  };
}
