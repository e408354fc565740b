import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  attachEventDestination,
  detachEventDestination,
  parseAttachResourceProperties,
} from '../shared/ses-attach';
import { sesv2 } from '../shared/sesv2-client';

const logger = new Logger({ serviceName: 'mailtrail-ses-attach' });

/** What the CDK Provider framework expects back from onEvent. */
export interface AttachResourceResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/**
 * onEvent of `Custom::MailtrailSesEventDestination` (CDK Provider framework):
 * Create/Update create-or-update our event destination on an existing
 * configuration set with the same logic as `mailtrail ses attach`; Delete
 * removes only our destination. The physical id is set/name, so changing
 * either replaces the resource and CloudFormation deletes the old one.
 */
export async function handler(
  event: CloudFormationCustomResourceEvent,
): Promise<AttachResourceResponse> {
  const req = parseAttachResourceProperties(event.ResourceProperties);
  const physicalId = `${req.configurationSetName}/${req.destinationName}`;
  const where = {
    requestType: event.RequestType,
    configurationSet: req.configurationSetName,
    destination: req.destinationName,
  };
  if (event.RequestType === 'Delete') {
    const result = await detachEventDestination(
      sesv2,
      req.configurationSetName,
      req.destinationName,
    );
    logger.info('event destination removed', { ...where, result });
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const plan = await attachEventDestination(sesv2, req);
  logger.info('event destination attached', { ...where, action: plan.action });
  return { PhysicalResourceId: physicalId, Data: { Action: plan.action } };
}
