import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, FirehoseTransformationEvent } from 'aws-lambda';
import { transformSesFirehose } from '../../app/ses/ingest';
import type { FirehoseTransformResponse } from '../../core/envelopes/firehose';
import { sesDepsFromEnv } from '../wiring/ses-deps';

const logger = new Logger({ serviceName: 'mailtrail-ses-firehose' });
const deps = sesDepsFromEnv(logger);

/** Transformation Lambda of the SES Firehose stream (app/ses/ingest). */
export async function handler(
  event: FirehoseTransformationEvent,
  context: Context,
): Promise<FirehoseTransformResponse> {
  logger.addContext(context);
  return transformSesFirehose(event, deps);
}
