import {
  CreateConfigurationSetEventDestinationCommand,
  DeleteConfigurationSetEventDestinationCommand,
  GetConfigurationSetEventDestinationsCommand,
  NotFoundException,
  SESv2Client,
  UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesV2EventDestinations } from '../../../adapters/aws/ses-destinations';
import {
  attachEventDestination,
  ConfigurationSetNotFoundError,
  parseAttachResourceProperties,
} from '../../../app/ses/attach';
import { PipelineError } from '../../../core/errors';
import { handler } from '../../../lambdas/ses-attach-resource/handler';
import { lambdaContext } from '../../helpers/lambda-context';

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

function cfnEvent(
  requestType: 'Create' | 'Update' | 'Delete',
  props: Record<string, string>,
): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
    ResponseURL: 'https://example.com',
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: 'Attach',
    PhysicalResourceId: 'prod/mailtrail',
    ResourceType: 'Custom::MailtrailSesEventDestination',
    ResourceProperties: { ServiceToken: 'x', ...props },
    OldResourceProperties: {},
  } as CloudFormationCustomResourceEvent;
}

beforeEach(() => {
  ses.reset();
});

describe('parseAttachResourceProperties', () => {
  it('reads an SNS target', () => {
    // Act
    const req = parseAttachResourceProperties({
      ConfigurationSetName: 'prod',
      DestinationName: 'mailtrail',
      SnsTopicArn: TOPIC,
      FirehoseArn: '',
    });
    // Assert
    expect(req).toStrictEqual({
      configurationSetName: 'prod',
      destinationName: 'mailtrail',
      target: { kind: 'sns', topicArn: TOPIC },
    });
  });

  it('requires the set and destination names', () => {
    // Act
    const act = () => parseAttachResourceProperties({ SnsTopicArn: TOPIC });
    // Assert
    expect(act).toThrow(
      new PipelineError(
        'ConfigurationSetName and DestinationName are required',
        'config',
      ),
    );
  });
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

describe('SesV2EventDestinations.remove', () => {
  it('treats a destination or set that is gone as absent', async () => {
    // Arrange
    ses.on(DeleteConfigurationSetEventDestinationCommand).rejects(notFound());
    // Act
    const result = await destinations.remove('gone', 'mailtrail');
    // Assert
    expect(result).toBe('absent');
  });

  it('rethrows other delete failures', async () => {
    // Arrange
    ses
      .on(DeleteConfigurationSetEventDestinationCommand)
      .rejects(new Error('throttled'));
    // Act
    const act = destinations.remove('prod', 'mailtrail');
    // Assert
    await expect(act).rejects.toThrow('throttled');
  });
});

describe('ses-attach-resource handler', () => {
  it('deletes only our destination and keeps the physical id on Delete', async () => {
    // Arrange
    ses.on(DeleteConfigurationSetEventDestinationCommand).rejects(notFound());
    // Act
    const response = await handler(
      cfnEvent('Delete', {
        ConfigurationSetName: 'prod',
        DestinationName: 'mailtrail',
        SnsTopicArn: TOPIC,
      }),
      lambdaContext(),
    );
    // Assert
    expect(response).toStrictEqual({ PhysicalResourceId: 'prod/mailtrail' });
    expect(ses).toReceiveCommandWith(
      DeleteConfigurationSetEventDestinationCommand,
      {
        ConfigurationSetName: 'prod',
        EventDestinationName: 'mailtrail',
      },
    );
  });

  it('fails a Create on a set that does not exist', async () => {
    // Arrange
    ses.on(GetConfigurationSetEventDestinationsCommand).rejects(notFound());
    // Act
    const act = handler(
      cfnEvent('Create', {
        ConfigurationSetName: 'nope',
        DestinationName: 'mailtrail',
        SnsTopicArn: TOPIC,
      }),
      lambdaContext(),
    );
    // Assert
    await expect(act).rejects.toThrow(
      'configuration set "nope" does not exist',
    );
  });

  it('fails on invalid properties before calling SES', async () => {
    // Act
    const act = handler(
      cfnEvent('Update', {
        ConfigurationSetName: 'prod',
        DestinationName: 'mailtrail',
        SnsTopicArn: 'not-an-arn',
      }),
      lambdaContext(),
    );
    // Assert
    await expect(act).rejects.toThrow('"not-an-arn" is not an SNS topic ARN');
    expect(ses).toReceiveCommandTimes(
      GetConfigurationSetEventDestinationsCommand,
      0,
    );
  });
});
