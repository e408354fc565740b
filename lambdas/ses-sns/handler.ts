import { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import { splitSesSnsEvent } from '../../core/ses/sns-batch';
import { lakeSinkFromEnv } from '../shared/lake-sink';
import { publishSesCounts } from '../shared/ses-metrics';

const logger = new Logger({ serviceName: 'mailtrail-ses-sns' });
const lakeSink = lakeSinkFromEnv();

/**
 * SES events from the configuration-set SNS topic → lake. Unparseable
 * messages are stored as `rejected` and counted (a retry cannot fix them);
 * a failed write throws, so Lambda retries and then the DLQ keeps the
 * message. Duplicates are harmless: event_id is deterministic.
 */
export async function handler(event: SNSEvent): Promise<void> {
  const batch = splitSesSnsEvent(event, new Date().toISOString());
  for (const failure of batch.failures) {
    logger.warn('SES message rejected', failure);
  }
  const sink = await lakeSink();
  await Promise.all([sink.putEvents(batch.events), sink.putRaw(batch.raw)]);
  await publishSesCounts(batch.events, batch.failures.length, logger);
}
