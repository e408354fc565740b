import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SNSEvent } from 'aws-lambda';
import { ingestSesSns } from '../../app/ses/ingest';
import { sesDepsFromEnv } from '../wiring/ses-deps';

const logger = new Logger({ serviceName: 'mailtrail-ses-sns' });
const deps = sesDepsFromEnv(logger);

/** SES events from the configuration-set SNS topic → lake (app/ses/ingest). */
export async function handler(
  event: SNSEvent,
  context: Context,
): Promise<void> {
  logger.addContext(context);
  await ingestSesSns(event, deps);
}
