import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { runScheduledArchive } from '../../app/archive/run-archive';
import type { ArchiveSummary } from '../../core/archive/summary';
import { lakeSinkFromEnv } from '../wiring/lake-sink';
import { secretsManager } from '../wiring/secrets-manager-client';
import {
  type ArchiverEvent,
  archiveJobFromEnv,
  resolveArchiveProvider,
  scheduledEnvFromEnv,
} from './from-env';

const logger = new Logger({ serviceName: 'mailtrail-archiver' });
const sink = lakeSinkFromEnv();

/**
 * Scheduled (EventBridge Scheduler, reserved concurrency 1): one provider's
 * archive run (app/archive). A failure throws (Lambda Errors alarm); the
 * cursor stays at the last written page.
 */
export async function handler(
  event: ArchiverEvent | null,
  context: Context,
): Promise<ArchiveSummary> {
  logger.addContext(context);
  const provider = resolveArchiveProvider(event);
  try {
    const job = await archiveJobFromEnv(provider, secretsManager);
    const env = scheduledEnvFromEnv(context, logger, sink);
    return await runScheduledArchive(job, env);
  } catch (err) {
    logger.error('archive run failed', { provider, err });
    throw err;
  }
}
