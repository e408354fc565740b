import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  type EventDestination,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException,
  type SESv2Client,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { PipelineError } from '../../core/errors';
import {
  type AttachPlan,
  type AttachTarget,
  planAttach,
} from '../../core/ses/attach-plan';
import { parseAttachTarget } from '../../core/ses/attach-target';

/** What to attach where; shared by `mailtrail ses attach` and the custom resource. */
export interface AttachRequest {
  readonly configurationSetName: string;
  readonly destinationName: string;
  readonly target: AttachTarget;
  /** Plan only: read the set, write nothing. @default false */
  readonly dryRun?: boolean;
}

/**
 * Properties of the `Custom::MailtrailSesEventDestination` resource; the
 * construct sets them, the provider Lambda reads them (CloudFormation passes
 * strings). Give SnsTopicArn, or FirehoseArn with IamRoleArn.
 */
export interface AttachResourceProperties {
  readonly ConfigurationSetName: string;
  readonly DestinationName: string;
  readonly SnsTopicArn?: string;
  readonly FirehoseArn?: string;
  readonly IamRoleArn?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Turns custom resource properties into an {@link AttachRequest}; a missing
 * name or a bad target throws PipelineError (reason 'config') naming it.
 */
export function parseAttachResourceProperties(
  props: Readonly<Record<string, unknown>>,
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

/**
 * The event destinations of a configuration set (SES v2). A missing set
 * throws {@link ConfigurationSetNotFoundError}.
 */
export async function getEventDestinations(
  client: SESv2Client,
  configurationSetName: string,
): Promise<EventDestination[]> {
  try {
    const out = await client.send(
      new GetConfigurationSetEventDestinationsCommand({
        ConfigurationSetName: configurationSetName,
      }),
    );
    return out.EventDestinations ?? [];
  } catch (err) {
    if (err instanceof NotFoundException) {
      throw new ConfigurationSetNotFoundError(configurationSetName, {
        cause: err,
      });
    }
    throw err;
  }
}

/** Writes a planned create or update; does nothing for 'unchanged'. */
export async function applyAttachPlan(
  client: SESv2Client,
  configurationSetName: string,
  plan: AttachPlan,
): Promise<void> {
  const input = {
    ConfigurationSetName: configurationSetName,
    EventDestinationName: plan.name,
    EventDestination: {
      ...plan.definition,
      MatchingEventTypes: [...plan.definition.MatchingEventTypes],
    },
  };
  if (plan.action === 'create') {
    await client.send(new CreateConfigurationSetEventDestinationCommand(input));
  } else if (plan.action === 'update') {
    await client.send(new UpdateConfigurationSetEventDestinationCommand(input));
  }
}

/**
 * Creates or updates the mailtrail event destination on a configuration set
 * (all ten event types, enabled) and returns the plan it carried out. Other
 * destinations on the set are left alone. Idempotent: a second run is
 * 'unchanged'.
 * @example await attachEventDestination(sesv2, { configurationSetName: 'prod', destinationName: 'mailtrail', target })
 */
export async function attachEventDestination(
  client: SESv2Client,
  req: AttachRequest,
): Promise<AttachPlan> {
  const existing = await getEventDestinations(client, req.configurationSetName);
  const plan = planAttach(existing, req.destinationName, req.target);
  if (!req.dryRun)
    await applyAttachPlan(client, req.configurationSetName, plan);
  return plan;
}

/**
 * Deletes only the named destination; 'absent' when it (or the whole set) is
 * already gone, so stack deletion never fails on a set someone removed.
 */
export async function detachEventDestination(
  client: SESv2Client,
  configurationSetName: string,
  destinationName: string,
): Promise<'deleted' | 'absent'> {
  try {
    await client.send(
      new DeleteConfigurationSetEventDestinationCommand({
        ConfigurationSetName: configurationSetName,
        EventDestinationName: destinationName,
      }),
    );
    return 'deleted';
  } catch (err) {
    if (err instanceof NotFoundException) return 'absent';
    throw err;
  }
}
