import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { SesV2EventDestinations } from '../../adapters/aws/ses-destinations';
import {
  type AttachResourceResponse,
  onAttachResourceEvent,
} from '../../app/ses/attach';
import { sesv2 } from '../shared/sesv2-client';

const logger = new Logger({ serviceName: 'mailtrail-ses-attach' });
const destinations = new SesV2EventDestinations(sesv2);

/** onEvent of `Custom::MailtrailSesEventDestination` (app/ses/attach). */
export async function handler(
  event: CloudFormationCustomResourceEvent,
  context: Context,
): Promise<AttachResourceResponse> {
  logger.addContext(context);
  return onAttachResourceEvent(event, destinations, logger);
}
