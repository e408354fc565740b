import {
  CreateConfigurationSetEventDestinationCommand,
  type EventDestination,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException,
  type SESv2Client,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import {
  ConfigurationSetNotFoundError,
  type EventDestinations,
} from '../../app/ses/attach';
import type { AttachPlan } from '../../core/ses/attach-plan';

/** Configuration-set event destinations through the SES v2 API. */
export class SesV2EventDestinations implements EventDestinations {
  constructor(private readonly client: SESv2Client) {}

  /** GetConfigurationSetEventDestinations; a missing set is named. */
  async list(configurationSetName: string): Promise<EventDestination[]> {
    try {
      const out = await this.client.send(
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

  /** Create or Update…EventDestination as planned. */
  async apply(configurationSetName: string, plan: AttachPlan): Promise<void> {
    const input = {
      ConfigurationSetName: configurationSetName,
      EventDestinationName: plan.name,
      EventDestination: {
        ...plan.definition,
        MatchingEventTypes: [...plan.definition.MatchingEventTypes],
      },
    };
    if (plan.action === 'create') {
      await this.client.send(
        new CreateConfigurationSetEventDestinationCommand(input),
      );
    } else if (plan.action === 'update') {
      await this.client.send(
        new UpdateConfigurationSetEventDestinationCommand(input),
      );
    }
  }
}
