import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { SNSEvent } from 'aws-lambda';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it, vi } from 'vitest';
import { FirehoseDeliveryError } from '../../../adapters/aws/firehose';
import { EmailEventSchema } from '../../../core/schema';
import { handler } from '../../../lambdas/ses-sns/handler';
import { loadFixture } from '../../helpers/fixtures';
import { lambdaContext } from '../../helpers/lambda-context';
import { realFirehoseSink } from '../../helpers/memory-sink';
import { countDatum } from '../../helpers/metric-points';
import { NOW, type SinkState, useSesHandler } from '../../helpers/ses-handler';
import {
  expectedSnsBounce,
  expectedSnsBounceRaw,
} from '../../helpers/ses-sns-bounce';

const state = vi.hoisted(() => ({ sink: undefined as SinkState['sink'] }));
vi.mock('../../../lambdas/shared/lake-sink', () => ({
  lakeSinkFromEnv: () => ({
    putEvents: (events: never) => state.sink!.putEvents(events),
    putRaw: (records: never) => state.sink!.putRaw(records),
  }),
}));

const harness = useSesHandler(state, 'Provider,SendingDomain');
const { cloudWatch, firehose } = harness;

function snsEvent(): SNSEvent {
  return loadFixture<SNSEvent>('ses', 'sns-lambda-event-bounce');
}

const BOUNCE = expectedSnsBounce(NOW);

describe('ses-sns handler', () => {
  it('writes the canonical bounce of the SNS fixture', async () => {
    // Act
    await handler(snsEvent(), lambdaContext());
    // Assert
    expect(harness.memory.events).toStrictEqual([BOUNCE]);
    expect(EmailEventSchema.parse(harness.memory.events[0])).toStrictEqual(
      BOUNCE,
    );
  });

  it('keeps the SES message as received as a raw record', async () => {
    // Arrange
    const event = snsEvent();
    // Act
    await handler(event, lambdaContext());
    // Assert
    expect(harness.memory.raw).toStrictEqual([
      expectedSnsBounceRaw(NOW, event.Records[0]!.Sns.Message),
    ]);
  });

  it('publishes the counts in one PutMetricData', async () => {
    // Act
    await handler(snsEvent(), lambdaContext());
    // Assert
    expect(cloudWatch).toReceiveCommandTimes(PutMetricDataCommand, 1);
    expect(cloudWatch).toReceiveCommandWith(PutMetricDataCommand, {
      Namespace: 'Mailtrail',
      MetricData: [
        countDatum('HardBounced', [{ Name: 'Provider', Value: 'ses' }], 1),
        countDatum(
          'HardBounced',
          [
            { Name: 'Provider', Value: 'ses' },
            { Name: 'SendingDomain', Value: 'mail.example.com' },
          ],
          1,
        ),
      ],
    });
  });

  it('stores an unparseable message as rejected and counts it, without throwing', async () => {
    // Arrange
    const event = snsEvent();
    event.Records[0]!.Sns.Message = '{"eventType":"Bounce"';
    // Act
    await handler(event, lambdaContext());
    // Assert
    expect(harness.memory.events).toStrictEqual([]);
    expect(
      harness.memory.raw.map((r) => [r.kind, r.reason, r.body]),
    ).toStrictEqual([['rejected', 'malformed', '{"eventType":"Bounce"']]);
    expect(cloudWatch).toReceiveCommandWith(PutMetricDataCommand, {
      MetricData: [
        countDatum('NormalizeErrors', [{ Name: 'Provider', Value: 'ses' }], 1),
      ],
    });
  });

  it('throws when Firehose does not accept the write, so Lambda retries', async () => {
    // Arrange
    state.sink = realFirehoseSink();
    firehose.on(PutRecordBatchCommand).rejects(
      Object.assign(new Error('slow down'), {
        name: 'ServiceUnavailableException',
      }),
    );
    // Act
    const act = handler(snsEvent(), lambdaContext());
    // Assert
    await expect(act).rejects.toThrow(FirehoseDeliveryError);
    expect(cloudWatch).toReceiveCommandTimes(PutMetricDataCommand, 0);
  });

  it('succeeds when only the metrics cannot be published', async () => {
    // Arrange
    cloudWatch.on(PutMetricDataCommand).rejects(new Error('throttled'));
    // Act
    const act = handler(snsEvent(), lambdaContext());
    // Assert
    await expect(act).resolves.toBeUndefined();
    expect(harness.memory.events).toHaveLength(1);
  });
});
