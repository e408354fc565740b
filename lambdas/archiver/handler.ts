import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import {
  type ArchiveSummary,
  archiveMetricPoints,
} from '../../core/archive/summary';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { runArchive } from '../shared/archive/run-archive';
import { S3ArchiveStore, S3CursorStore } from '../shared/archive/s3-stores';
import { cloudWatch } from '../shared/cloudwatch-client';
import { ENV, optionalEnv, requireEnv } from '../shared/env';
import { lakeSinkFromEnv } from '../shared/lake-sink';
import { publishMetrics } from '../shared/metrics';
import { s3 } from '../shared/s3-client';
import { secretsManager } from '../shared/secrets-manager-client';
import {
  type ArchiverEvent,
  archiveJobFromEnv,
  resolveArchiveProvider,
} from './job-from-env';

const logger = new Logger({ serviceName: 'mailtrail-archiver' });
const sink = lakeSinkFromEnv();

/**
 * Scheduled (EventBridge Scheduler, reserved concurrency 1): archives one
 * provider's logs to s3://lake/archive/… and its events to the lake, from
 * the saved cursor, stopping before the Lambda deadline. A failure throws
 * (Lambda Errors alarm); the cursor stays at the last written page.
 */
export async function handler(
  event: ArchiverEvent | null,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<ArchiveSummary> {
  const provider = resolveArchiveProvider(event);
  const bucket = requireEnv(ENV.LAKE_BUCKET);
  try {
    const job = await archiveJobFromEnv(provider, secretsManager);
    const summary = await runArchive(job, {
      store: new S3ArchiveStore(s3, bucket),
      cursors: new S3CursorStore(s3, bucket),
      sink: await sink(),
      remainingMs: () => context.getRemainingTimeInMillis(),
      log: logger,
    });
    logger.info('archive run finished', { ...summary });
    const namespace = optionalEnv(ENV.METRICS_NAMESPACE) ?? METRIC_NAMESPACE;
    await publishMetrics(
      cloudWatch,
      archiveMetricPoints(summary),
      namespace,
    ).catch((err: unknown) => logger.error('metrics not published', { err }));
    return summary;
  } catch (err) {
    logger.error('archive run failed', { provider, err });
    throw err;
  }
}
