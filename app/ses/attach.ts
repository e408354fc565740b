import type { AttachResourceProperties } from '../../contract/custom-resources';
import { PipelineError } from '../../core/errors';
import {
  type AttachPlan,
  type AttachTarget,
  planAttach,
  type SesEventDestinationLike,
} from '../../core/ses/attach-plan';
import { parseAttachTarget } from '../../core/ses/attach-target';
import type { Log } from '../log';

/** The event destinations of SES configuration sets (SES v2 in AWS). */
export interface EventDestinations {
  /** A set's destinations; throws ConfigurationSetNotFoundError if absent. */
  list(configurationSetName: string): Promise<SesEventDestinationLike[]>;
  /** Writes a planned create or update; does nothing for 'unchanged'. */
  apply(configurationSetName: string, plan: AttachPlan): Promise<void>;
  /** Deletes one destination; 'absent' when it or the set is gone. */
  remove(
    configurationSetName: string,
    destinationName: string,
  ): Promise<'deleted' | 'absent'>;
}

/** What to attach where; shared by `mailtrail ses attach` and the custom resource. */
export interface AttachRequest {
  readonly configurationSetName: string;
  readonly destinationName: string;
  readonly target: AttachTarget;
  /** Plan only: read the set, write nothing. @default false */
  readonly dryRun?: boolean;
}

/** The configuration set does not exist (in the client's region). */
export class ConfigurationSetNotFoundError extends PipelineError {
  constructor(configurationSetName: string, options?: { cause?: unknown }) {
    super(
      `configuration set "${configurationSetName}" does not exist`,
      'config',
      options,
    );
    this.name = 'ConfigurationSetNotFoundError';
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Turns custom resource properties into an {@link AttachRequest}; a missing
 * name or a bad target throws PipelineError (reason 'config') naming it.
 */
export function parseAttachResourceProperties(
  props: Readonly<Partial<Record<keyof AttachResourceProperties, unknown>>>,
): AttachRequest {
  const configurationSetName = text(props.ConfigurationSetName);
  const destinationName = text(props.DestinationName);
  if (!configurationSetName || !destinationName) {
    throw new PipelineError(
      'ConfigurationSetName and DestinationName are required',
      'config',
    );
  }
  const target = parseAttachTarget({
    snsTopicArn: text(props.SnsTopicArn),
    firehoseArn: text(props.FirehoseArn),
    iamRoleArn: text(props.IamRoleArn),
  });
  return { configurationSetName, destinationName, target };
}

/**
 * Creates or updates the mailtrail event destination on a configuration set
 * (all ten event types, enabled) and returns the plan it carried out. Other
 * destinations on the set are left alone. Idempotent: a second run is
 * 'unchanged'.
 * @example await attachEventDestination(destinations, { configurationSetName: 'prod', destinationName: 'mailtrail', target })
 */
export async function attachEventDestination(
  destinations: EventDestinations,
  req: AttachRequest,
): Promise<AttachPlan> {
  const existing = await destinations.list(req.configurationSetName);
  const plan = planAttach(existing, req.destinationName, req.target);
  if (!req.dryRun) await destinations.apply(req.configurationSetName, plan);
  return plan;
}

/** A CloudFormation custom resource request, as far as attaching reads it. */
export interface AttachResourceRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
}

/** What the CDK Provider framework expects back from onEvent. */
export interface AttachResourceResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/**
 * onEvent of `Custom::MailtrailSesEventDestination`: Create/Update
 * create-or-update our event destination on an existing configuration set
 * with the same logic as `mailtrail ses attach`; Delete removes only our
 * destination. The physical id is set/name, so changing either replaces the
 * resource and CloudFormation deletes the old one.
 */
export async function onAttachResourceEvent(
  event: AttachResourceRequest,
  destinations: EventDestinations,
  log: Log,
): Promise<AttachResourceResponse> {
  const req = parseAttachResourceProperties(event.ResourceProperties);
  const physicalId = `${req.configurationSetName}/${req.destinationName}`;
  const where = {
    requestType: event.RequestType,
    configurationSet: req.configurationSetName,
    destination: req.destinationName,
  };
  if (event.RequestType === 'Delete') {
    const result = await destinations.remove(
      req.configurationSetName,
      req.destinationName,
    );
    log.info('event destination removed', { ...where, result });
    return { PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
  }
  const plan = await attachEventDestination(destinations, req);
  log.info('event destination attached', { ...where, action: plan.action });
  return { PhysicalResourceId: physicalId, Data: { Action: plan.action } };
}
