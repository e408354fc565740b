import { describe, expect, it } from 'vitest';
import {
  planAttach,
  toDestinationDefinition,
} from '../../../../core/ses/attach-plan';
import { describeAttach } from '../../../../core/ses/attach-report';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:mailtrail-ses';
const TARGET = { kind: 'sns', topicArn: TOPIC } as const;
const ALL = toDestinationDefinition(TARGET).MatchingEventTypes;

describe('describeAttach', () => {
  it('reports a created destination with its target and event types', () => {
    // Arrange
    const plan = planAttach([], 'mailtrail', TARGET);
    // Act
    const lines = describeAttach(plan, {
      configurationSetName: 'prod',
      region: 'us-east-1',
    });
    // Assert
    expect(lines).toStrictEqual([
      'created event destination "mailtrail" on configuration set "prod" (us-east-1)',
      `  destination: sns ${TOPIC}`,
      `  event types: ${ALL.join(', ')} (10)`,
    ]);
  });

  it('reports each changed field of an update', () => {
    // Arrange
    const plan = planAttach(
      [{ Name: 'mailtrail', Enabled: false, MatchingEventTypes: ALL }],
      'mailtrail',
      TARGET,
    );
    // Act
    const lines = describeAttach(plan, { configurationSetName: 'prod' });
    // Assert
    expect(lines).toStrictEqual([
      'updated event destination "mailtrail" on configuration set "prod"',
      '  Enabled: false -> true',
      `  Destination: none -> sns ${TOPIC}`,
    ]);
  });

  it('says "would" on a dry run', () => {
    // Arrange
    const plan = planAttach([], 'mailtrail', TARGET);
    // Act
    const [head] = describeAttach(plan, {
      configurationSetName: 'prod',
      dryRun: true,
    });
    // Assert
    expect(head).toBe(
      'would create event destination "mailtrail" on configuration set "prod"',
    );
  });

  it('reports an unchanged destination on one line', () => {
    // Arrange
    const plan = planAttach(
      [
        {
          Name: 'mailtrail',
          Enabled: true,
          MatchingEventTypes: ALL,
          SnsDestination: { TopicArn: TOPIC },
        },
      ],
      'mailtrail',
      TARGET,
    );
    // Act
    const lines = describeAttach(plan, { configurationSetName: 'prod' });
    // Assert
    expect(lines).toStrictEqual([
      'unchanged: event destination "mailtrail" on configuration set "prod" is already up to date',
    ]);
  });
});
