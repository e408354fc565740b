import {
  CreateConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException,
  SESv2Client,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesV2EventDestinations } from '../../../adapters/aws/ses-destinations';
import {
  attachEventDestination,
  ConfigurationSetNotFoundError,
} from '../../../app/ses/attach';

const ses = mockClient(SESv2Client);
const destinations = new SesV2EventDestinations(
  new SESv2Client({ region: 'us-east-1' }),
);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailtrail-ses';
const notFound = () =>
  new NotFoundException({
    message: 'Configuration set <x> does not exist.',
    $metadata: {},
  });

beforeEach(() => {
  ses.reset();
});

describe('attachEventDestination', () => {
  it('names a configuration set that does not exist', async () => {
    // Arrange
    ses.on(GetConfigurationSetEventDestinationsCommand).rejects(notFound());
    // Act
    const act = attachEventDestination(destinations, {
      configurationSetName: 'nope',
      destinationName: 'mailtrail',
      target: { kind: 'sns', topicArn: TOPIC },
    });
    // Assert
    await expect(act).rejects.toThrow(
      new ConfigurationSetNotFoundError('nope'),
    );
  });

  it('passes other SES errors through unchanged', async () => {
    // Arrange
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDeniedException',
    });
    ses.on(GetConfigurationSetEventDestinationsCommand).rejects(denied);
    // Act
    const act = attachEventDestination(destinations, {
      configurationSetName: 'prod',
      destinationName: 'mailtrail',
      target: { kind: 'sns', topicArn: TOPIC },
    });
    // Assert
    await expect(act).rejects.toBe(denied);
  });

  it('writes nothing on a dry run', async () => {
    // Arrange
    ses.on(GetConfigurationSetEventDestinationsCommand).resolves({});
    // Act
    const plan = await attachEventDestination(destinations, {
      configurationSetName: 'prod',
      destinationName: 'mailtrail',
      target: { kind: 'sns', topicArn: TOPIC },
      dryRun: true,
    });
    // Assert
    expect(plan.action).toBe('create');
    expect(ses).toReceiveCommandTimes(
      CreateConfigurationSetEventDestinationCommand,
      0,
    );
    expect(ses).toReceiveCommandTimes(
      UpdateConfigurationSetEventDestinationCommand,
      0,
    );
  });
});
