import { S3Client } from '@aws-sdk/client-s3';
import { clientConfig } from '../../adapters/aws/client-config';

/** S3 client for the lake bucket; path-style when the endpoint is overridden. */
export const s3 = new S3Client({
  ...clientConfig(),
  forcePathStyle: clientConfig().endpoint !== undefined,
});
