import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MailtrailConfigInput } from '../../lib/config';
import { loadConfig } from '../../lib/config';
import { validateSesConfig } from '../../lib/constructs/ses-destinations';
import type { SesEventSource } from '../../lib/constructs/ses-event-source';
import { synthMailtrail } from '../helpers/cdk';

// The ten event types as the L2 writes them to CloudFormation.
const ALL_EVENTS = [
  'send',
  'reject',
  'bounce',
  'complaint',
  'delivery',
  'open',
  'click',
  'renderingFailure',
  'deliveryDelay',
  'subscription',
];

const NO_WEBHOOKS = {
  mailgun: { enabled: false },
  blastengine: { enabled: false },
  cmc: { enabled: false },
};

const BOTH: MailtrailConfigInput = {
  providers: {
    ...NO_WEBHOOKS,
    ses: {
      destinations: ['sns', 'firehose'],
      existingConfigurationSets: ['prod-a', 'prod-b'],
    },
  },
};

interface SesSynth {
  readonly template: Template;
  readonly ses: SesEventSource;
  id(construct: { node: { defaultChild?: unknown } }): string;
}

function synthSes(config: MailtrailConfigInput): SesSynth {
  const { stack, template } = synthMailtrail(config);
  const ses = stack.pipeline.ses!;
  return {
    template,
    ses,
    id: (c) => Stack.of(ses).getLogicalId(c.node.defaultChild as CfnElement),
  };
}

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const sesArn = (rest: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:ses:ap-northeast-1:123456789012:${rest}`,
    ],
  ],
});

describe('SesEventSource with SNS and Firehose destinations', () => {
  let s: SesSynth;
  beforeAll(() => {
    s = synthSes(BOTH);
  });

  it('creates the configured configuration set', () => {
    s.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'mailtrail',
    });
  });

  it('publishes every event type, DELIVERY_DELAY and SUBSCRIPTION included, to SNS', () => {
    s.template.hasResourceProperties(
      'AWS::SES::ConfigurationSetEventDestination',
      {
        ConfigurationSetName: { Ref: s.id(s.ses.configurationSet!) },
        EventDestination: {
          Name: 'mailtrail',
          Enabled: true,
          MatchingEventTypes: ALL_EVENTS,
          SnsDestination: { TopicARN: { Ref: s.id(s.ses.sns!.topic) } },
        },
      },
    );
  });

  it('publishes every event type to Firehose through the SES role', () => {
    s.template.hasResourceProperties(
      'AWS::SES::ConfigurationSetEventDestination',
      {
        EventDestination: {
          Name: 'mailtrail-firehose',
          Enabled: true,
          MatchingEventTypes: ALL_EVENTS,
          KinesisFirehoseDestination: {
            DeliveryStreamARN: arnOf(s.id(s.ses.firehose!.deliveryStream)),
            IAMRoleARN: arnOf(s.id(s.ses.firehose!.sesRole)),
          },
        },
      },
    );
  });

  it('encrypts the topic with a rotated customer-managed key', () => {
    const keyId = s.id(s.ses.sns!.topicKey);
    s.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: arnOf(keyId),
    });
    s.template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Principal: { Service: 'ses.amazonaws.com' },
          }),
        ]),
      },
    });
  });

  it('denies non-SSL access to the topic and lets only this account SES publish', () => {
    const topic = { Ref: s.id(s.ses.sns!.topic) };
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: { 'AWS:SourceAccount': '123456789012' },
              ArnLike: { 'AWS:SourceArn': sesArn('configuration-set/*') },
            },
          }),
        ]),
      },
    });
  });

  it('subscribes the handler with the DLQ as the subscription dead-letter queue', () => {
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: s.id(s.ses.sns!.topic) },
      Endpoint: arnOf(s.id(s.ses.sns!.handler)),
      RedrivePolicy: { deadLetterTargetArn: arnOf(s.id(s.ses.sns!.dlq)) },
    });
  });

  it('retries failed invocations twice, then sends them to the DLQ', () => {
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: s.id(s.ses.sns!.handler) },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: arnOf(s.id(s.ses.sns!.dlq)) },
      },
    });
  });

  it('encrypts the DLQ and denies non-SSL access to it', () => {
    s.template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: s.id(s.ses.sns!.dlq) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('alarms when the DLQ holds messages (through Monitoring)', () => {
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [s.id(s.ses.sns!.dlq), 'QueueName'] },
        },
      ],
    });
  });

  it('writes SES records as received, gzip, to raw/provider=ses/ through the transform', () => {
    s.template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamName: 'mailtrail-ses',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'raw/provider=ses/dt=!{timestamp:yyyy-MM-dd}/',
        ErrorOutputPrefix: Match.stringLikeRegexp('^errors/ses/'),
        CompressionFormat: 'GZIP',
        // A raw copy: flushed every 15 min, like the raw stream.
        BufferingHints: { IntervalInSeconds: 900, SizeInMBs: 64 },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            {
              Type: 'Lambda',
              Parameters: Match.arrayWith([
                {
                  ParameterName: 'LambdaArn',
                  ParameterValue: arnOf(s.id(s.ses.firehose!.transform)),
                },
              ]),
            },
          ],
        },
      }),
    });
  });

  it('gives the handlers the stream names and metric dimensions', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MAILTRAIL_EVENTS_STREAM: Match.anyValue(),
          MAILTRAIL_RAW_STREAM: Match.anyValue(),
          MAILTRAIL_METRIC_DIMENSIONS: 'Provider,SendingDomain',
        }),
      },
    });
  });

  it('stops the Firehose path from counting events the SNS path counts', () => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          MAILTRAIL_PUBLISH_EVENT_COUNTS: 'false',
        }),
      },
    });
  });

  it('attaches both destinations to every existing set with the stable L2 (no custom resource)', () => {
    // Act
    const attached = Object.values(
      s.template.findResources('AWS::SES::ConfigurationSetEventDestination', {
        Properties: { ConfigurationSetName: Match.stringLikeRegexp('^prod-') },
      }),
    ).map((d) => [
      d.Properties.ConfigurationSetName,
      d.Properties.EventDestination.Name,
      d.Properties.EventDestination.MatchingEventTypes,
    ]);
    // Assert
    expect(attached).toStrictEqual([
      ['prod-a', 'mailtrail', ALL_EVENTS],
      ['prod-a', 'mailtrail-firehose', ALL_EVENTS],
      ['prod-b', 'mailtrail', ALL_EVENTS],
      ['prod-b', 'mailtrail-firehose', ALL_EVENTS],
    ]);
    s.template.resourceCountIs('AWS::CloudFormation::CustomResource', 0);
    expect(
      Object.keys(s.template.toJSON().Resources).filter((id) =>
        /Provider|Attach/.test(id),
      ),
    ).toStrictEqual([]);
    s.template.hasResourceProperties(
      'AWS::SES::ConfigurationSetEventDestination',
      {
        ConfigurationSetName: 'prod-b',
        EventDestination: Match.objectLike({
          KinesisFirehoseDestination: {
            DeliveryStreamARN: arnOf(s.id(s.ses.firehose!.deliveryStream)),
            IAMRoleARN: arnOf(s.id(s.ses.firehose!.sesRole)),
          },
        }),
      },
    );
  });

  it('creates each destination after what SES validates it against', () => {
    // Arrange
    const keyId = s.id(s.ses.sns!.topicKey);
    const destinations = s.template.findResources(
      'AWS::SES::ConfigurationSetEventDestination',
    );
    // Assert: SNS after the topic policy and key, Firehose after the role policy.
    for (const d of Object.values(destinations)) {
      const sns = d.Properties.EventDestination.SnsDestination !== undefined;
      expect(d.DependsOn).toEqual(
        expect.arrayContaining(
          sns
            ? [expect.stringMatching(/^PipelineSesSnsTopicPolicy/), keyId]
            : [
                expect.stringMatching(
                  /^PipelineSesFirehoseSesRoleDefaultPolicy/,
                ),
              ],
        ),
      );
    }
    expect(Object.keys(destinations)).toHaveLength(6);
  });
});

describe('SesEventSource with the default Firehose destination', () => {
  let s: SesSynth;
  beforeAll(() => {
    s = synthSes({ providers: NO_WEBHOOKS });
  });

  it('creates one Firehose event destination and no SNS path', () => {
    s.template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    s.template.hasResourceProperties(
      'AWS::SES::ConfigurationSetEventDestination',
      {
        EventDestination: Match.objectLike({
          KinesisFirehoseDestination: Match.anyValue(),
        }),
      },
    );
    expect(s.ses.sns).toBeUndefined();
    s.template.resourcePropertiesCountIs(
      'AWS::KinesisFirehose::DeliveryStream',
      { DeliveryStreamName: 'mailtrail-ses' },
      1,
    );
  });

  it('lets the transform count events (no SNS path counts them)', () => {
    const fn = s.template.toJSON().Resources[s.id(s.ses.firehose!.transform)];
    const env = fn.Properties.Environment.Variables;
    expect(env).toHaveProperty('MAILTRAIL_EVENTS_STREAM');
    expect(env).not.toHaveProperty('MAILTRAIL_PUBLISH_EVENT_COUNTS');
  });

  it('attaches nothing else without existing sets', () => {
    expect(s.ses.existingSetDestinations).toStrictEqual([]);
  });
});

describe('SesEventSource with SNS still selected', () => {
  it('creates one SNS event destination and no Firehose path', () => {
    const s = synthSes({
      providers: { ...NO_WEBHOOKS, ses: { destinations: ['sns'] } },
    });
    s.template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    expect(s.ses.firehose).toBeUndefined();
    expect(s.ses.sns).toBeDefined();
    s.template.resourcePropertiesCountIs(
      'AWS::KinesisFirehose::DeliveryStream',
      { DeliveryStreamName: 'mailtrail-ses' },
      0,
    );
  });
});

describe('SesEventSource with Firehose only and no new set', () => {
  let s: SesSynth;
  beforeAll(() => {
    s = synthSes({
      providers: {
        ...NO_WEBHOOKS,
        ses: {
          configurationSetName: '',
          destinations: ['firehose'],
          existingConfigurationSets: ['legacy'],
        },
      },
    });
  });

  it('creates no configuration set and no SNS topic', () => {
    s.template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    expect(s.ses.sns).toBeUndefined();
  });

  it('attaches only the Firehose destination to the existing set', () => {
    s.template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    s.template.hasResourceProperties(
      'AWS::SES::ConfigurationSetEventDestination',
      {
        ConfigurationSetName: 'legacy',
        EventDestination: {
          Name: 'mailtrail-firehose',
          Enabled: true,
          MatchingEventTypes: ALL_EVENTS,
          KinesisFirehoseDestination: Match.anyValue(),
        },
      },
    );
  });

  it('lets SES of this account assume the role', () => {
    s.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: Match.objectLike({
              StringEquals: { 'AWS:SourceAccount': '123456789012' },
            }),
          }),
        ],
      },
    });
  });

  it('keeps event counts on when Firehose is the only path', () => {
    const fns = s.template.findResources('AWS::Lambda::Function', {
      Properties: {
        Environment: {
          Variables: { MAILTRAIL_PUBLISH_EVENT_COUNTS: Match.anyValue() },
        },
      },
    });
    expect(Object.keys(fns)).toStrictEqual([]);
  });
});

describe('validateSesConfig', () => {
  it('lists every conflicting set in one error', () => {
    // Arrange
    const { ses } = loadConfig({
      providers: {
        ses: { existingConfigurationSets: ['a', 'a', 'mailtrail'] },
      },
    }).providers;
    // Act
    const act = () => validateSesConfig(ses);
    // Assert
    expect(act).toThrow(
      'Invalid SES configuration:\n  - existingConfigurationSets lists a twice\n  - configurationSetName "mailtrail" is created by the stack; do not list it in existingConfigurationSets',
    );
  });

  it('accepts distinct existing sets', () => {
    // Arrange
    const { ses } = loadConfig({
      providers: { ses: { existingConfigurationSets: ['a', 'b'] } },
    }).providers;
    // Act
    const act = () => validateSesConfig(ses);
    // Assert
    expect(act).not.toThrow();
  });
});
