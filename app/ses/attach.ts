import { PipelineError } from '../../core/errors';
import {
  type AttachPlan,
  type AttachTarget,
  planAttach,
  type SesEventDestinationLike,
} from '../../core/ses/attach-plan';

/** The event destinations of SES configuration sets (SES v2 in AWS). */
export interface EventDestinations {
  /** A set's destinations; throws ConfigurationSetNotFoundError if absent. */
  list(configurationSetName: string): Promise<SesEventDestinationLike[]>;
  /** Writes a planned create or update; does nothing for 'unchanged'. */
  apply(configurationSetName: string, plan: AttachPlan): Promise<void>;
}

/** What to attach where (`mailtrail ses attach`). */
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
