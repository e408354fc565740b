import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { acknowledgeBucketReadWrite } from './bucket-grant-nag';

/**
 * Acknowledges the wildcards of an archiver role's L2 grants: the
 * bucket.grantReadWrite action groups, scoped to the archive/ prefix.
 */
export function acknowledgeArchiverRole(fn: IFunction, bucket: IBucket): void {
  if (!fn.role) return;
  acknowledgeBucketReadWrite(
    fn.role,
    bucket,
    'archive/*',
    'bucket.grantReadWrite(fn, "archive/*") (L2): page keys are built per run (dates, ids) and cursors are read back, so object actions need archive/* and the grant action groups; nothing outside archive/.',
  );
}
