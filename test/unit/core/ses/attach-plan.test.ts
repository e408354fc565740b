import { describe, expect, it } from 'vitest';
import {
  type AttachTarget,
  DEFAULT_DESTINATION_NAME,
  describeTarget,
  planAttach,
  SES_MATCHING_EVENT_TYPES,
  type SesEventDestinationLike,
  toDestinationDefinition,
} from '../../../../core/ses/attach-plan';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailtrail-ses';
const OTHER_TOPIC = 'arn:aws:sns:us-east-1:123456789012:other';
const STREAM = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/ses';
const ROLE = 'arn:aws:iam::123456789012:role/ses-to-firehose';
const SNS: AttachTarget = { kind: 'sns', topicArn: TOPIC };
const FIREHOSE: AttachTarget = {
  kind: 'firehose',
  deliveryStreamArn: STREAM,
  iamRoleArn: ROLE,
};
const ALL_TYPES = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
];

function ours(
  overrides: Partial<SesEventDestinationLike> = {},
): SesEventDestinationLike {
  return {
    Name: 'mailtrail',
    Enabled: true,
    MatchingEventTypes: [...ALL_TYPES],
    SnsDestination: { TopicArn: TOPIC },
    ...overrides,
  };
}

describe('SES_MATCHING_EVENT_TYPES', () => {
  it('lists the ten SES v2 event types including DELIVERY_DELAY and SUBSCRIPTION', () => {
    // Assert
    expect([...SES_MATCHING_EVENT_TYPES]).toStrictEqual(ALL_TYPES);
    expect(DEFAULT_DESTINATION_NAME).toBe('mailtrail');
  });
});

describe('toDestinationDefinition', () => {
  it('builds an enabled SNS destination matching every event type', () => {
    // Act
    const definition = toDestinationDefinition(SNS);
    // Assert
    expect(definition).toStrictEqual({
      Enabled: true,
      MatchingEventTypes: ALL_TYPES,
      SnsDestination: { TopicArn: TOPIC },
    });
  });

  it('builds an enabled Firehose destination with its IAM role', () => {
    // Act
    const definition = toDestinationDefinition(FIREHOSE);
    // Assert
    expect(definition).toStrictEqual({
      Enabled: true,
      MatchingEventTypes: ALL_TYPES,
      KinesisFirehoseDestination: {
        DeliveryStreamArn: STREAM,
        IamRoleArn: ROLE,
      },
    });
  });
});

describe('describeTarget', () => {
  it.each<[string, SesEventDestinationLike, string]>([
    ['sns', { SnsDestination: { TopicArn: TOPIC } }, `sns ${TOPIC}`],
    ['sns without arn', { SnsDestination: {} }, 'sns ?'],
    [
      'firehose',
      {
        KinesisFirehoseDestination: {
          DeliveryStreamArn: STREAM,
          IamRoleArn: ROLE,
        },
      },
      `firehose ${STREAM} (role ${ROLE})`,
    ],
    [
      'firehose without arns',
      { KinesisFirehoseDestination: {} },
      'firehose ? (role ?)',
    ],
    [
      'eventbridge',
      { EventBridgeDestination: { EventBusArn: 'arn:bus' } },
      'eventbridge arn:bus',
    ],
    [
      'eventbridge without arn',
      { EventBridgeDestination: {} },
      'eventbridge ?',
    ],
    [
      'pinpoint',
      { PinpointDestination: { ApplicationArn: 'arn:app' } },
      'pinpoint arn:app',
    ],
    ['pinpoint without arn', { PinpointDestination: {} }, 'pinpoint ?'],
    ['cloudwatch', { CloudWatchDestination: {} }, 'cloudwatch'],
    ['nothing', {}, 'none'],
  ])('describes a %s target', (_, destination, expected) => {
    // Act
    const text = describeTarget(destination);
    // Assert
    expect(text).toBe(expected);
  });
});

describe('planAttach', () => {
  it('plans a create when the set has no destination of that name', () => {
    // Arrange
    const existing = [ours({ Name: 'someone-else' })];
    // Act
    const plan = planAttach(existing, 'mailtrail', SNS);
    // Assert
    expect(plan).toStrictEqual({
      action: 'create',
      name: 'mailtrail',
      definition: toDestinationDefinition(SNS),
    });
  });

  it('plans nothing when our destination already matches, in any type order and case', () => {
    // Arrange
    const existing = [
      ours({
        MatchingEventTypes: [...ALL_TYPES]
          .reverse()
          .map((t) => t.toLowerCase()),
      }),
    ];
    // Act
    const plan = planAttach(existing, 'mailtrail', SNS);
    // Assert
    expect(plan).toStrictEqual({
      action: 'unchanged',
      name: 'mailtrail',
      definition: toDestinationDefinition(SNS),
    });
  });

  it('plans an update listing the event types it adds', () => {
    // Arrange
    const existing = [
      ours({ MatchingEventTypes: ['SEND', 'BOUNCE', 'DELIVERY'] }),
    ];
    // Act
    const plan = planAttach(existing, 'mailtrail', SNS);
    // Assert
    expect(plan).toStrictEqual({
      action: 'update',
      name: 'mailtrail',
      definition: toDestinationDefinition(SNS),
      changes: [
        {
          field: 'MatchingEventTypes',
          from: 'BOUNCE, DELIVERY, SEND',
          to: 'all 10 (adds REJECT, COMPLAINT, OPEN, CLICK, RENDERING_FAILURE, DELIVERY_DELAY, SUBSCRIPTION)',
        },
      ],
    });
  });

  it('plans an update when the existing types include one SES does not list', () => {
    // Arrange
    const existing = [
      ours({ MatchingEventTypes: [...ALL_TYPES, 'FUTURE_TYPE'] }),
    ];
    // Act
    const plan = planAttach(existing, 'mailtrail', SNS);
    // Assert
    expect(plan.action === 'update' && plan.changes).toStrictEqual([
      {
        field: 'MatchingEventTypes',
        from: [...ALL_TYPES, 'FUTURE_TYPE'].sort().join(', '),
        to: 'all 10 (adds (none))',
      },
    ]);
  });

  it('plans an update enabling a disabled destination without event types', () => {
    // Arrange
    const existing = [
      {
        Name: 'mailtrail',
        Enabled: false,
        SnsDestination: { TopicArn: TOPIC },
      },
    ];
    // Act
    const plan = planAttach(existing, 'mailtrail', SNS);
    // Assert
    expect(plan.action === 'update' && plan.changes).toStrictEqual([
      { field: 'Enabled', from: 'false', to: 'true' },
      {
        field: 'MatchingEventTypes',
        from: '(none)',
        to: `all 10 (adds ${ALL_TYPES.join(', ')})`,
      },
    ]);
  });

  it('plans an update when the topic differs', () => {
    // Arrange
    const existing = [ours({ SnsDestination: { TopicArn: OTHER_TOPIC } })];
    // Act
    const plan = planAttach(existing, 'mailtrail', SNS);
    // Assert
    expect(plan.action === 'update' && plan.changes).toStrictEqual([
      { field: 'Destination', from: `sns ${OTHER_TOPIC}`, to: `sns ${TOPIC}` },
    ]);
  });

  it('plans an update when the destination moves from SNS to Firehose', () => {
    // Arrange
    const existing = [ours()];
    // Act
    const plan = planAttach(existing, 'mailtrail', FIREHOSE);
    // Assert
    expect(plan.action === 'update' && plan.changes).toStrictEqual([
      {
        field: 'Destination',
        from: `sns ${TOPIC}`,
        to: `firehose ${STREAM} (role ${ROLE})`,
      },
    ]);
  });

  it('looks only at the destination with the requested name', () => {
    // Arrange
    const existing = [
      ours({
        Name: 'mailtrail',
        SnsDestination: undefined,
        CloudWatchDestination: {},
      }),
      ours({ Name: 'custom' }),
    ];
    // Act
    const plan = planAttach(existing, 'custom', SNS);
    // Assert
    expect(plan.action).toBe('unchanged');
  });
});
