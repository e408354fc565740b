import { Logger } from '@aws-lambda-powertools/logger';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import type { FirehoseTransformResponse } from '../../core/envelopes/firehose';
import { transformSesFirehoseEvent } from '../../core/ses/firehose-batch';
import { lakeSinkFromEnv } from '../shared/lake-sink';
import { publishSesCounts } from '../shared/ses-metrics';

const logger = new Logger({ serviceName: 'mailtrail-ses-firehose' });
const lakeSink = lakeSinkFromEnv();

/**
 * Transformation Lambda of the SES Firehose stream (design: see
 * lib/constructs/ses-firehose-destination.ts): puts the canonical events into
 * the events stream and returns every record unchanged — Ok, or
 * ProcessingFailed when unparseable (→ errors/ses/). A failed events write
 * throws, so Firehose retries the whole invocation.
 */
export async function handler(
  event: FirehoseTransformationEvent,
): Promise<FirehoseTransformResponse> {
  const batch = transformSesFirehoseEvent(event, new Date().toISOString());
  for (const failure of batch.failures) {
    logger.warn('SES record failed processing', failure);
  }
  const sink = await lakeSink();
  await sink.putEvents(batch.events);
  await publishSesCounts(batch.events, batch.failures.length, logger);
  return { records: batch.records };
}
