import {
  CloudWatchClient,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventSink } from '../../../core/raw-record';
import { EmailEventSchema } from '../../../core/schema';
import { handler } from '../../../lambdas/ses-sns/handler';
import { ENV } from '../../../lambdas/shared/env';
import { FirehoseDeliveryError } from '../../../lambdas/shared/firehose';
import { loadFixture } from '../../helpers/fixtures';
import { MemorySink, realFirehoseSink } from '../../helpers/memory-sink';
import {
  expectedSnsBounce,
  expectedSnsBounceRaw,
} from '../../helpers/ses-sns-bounce';

const state = vi.hoisted(() => ({ sink: undefined as EventSink | undefined }));
vi.mock('../../../lambdas/shared/lake-sink', () => ({
  lakeSinkFromEnv: () => async () => state.sink,
}));

const cloudWatch = mockClient(CloudWatchClient);
const firehose = mockClient(FirehoseClient);
const NOW = '2026-03-14T09:00:00.000Z';

function snsEvent(): SNSEvent {
  return loadFixture<SNSEvent>('ses', 'sns-lambda-event-bounce');
}

const BOUNCE = expectedSnsBounce(NOW);

describe('ses-sns handler', () => {
  let memory: MemorySink;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(NOW));
    process.env[ENV.METRIC_DIMENSIONS] = 'Provider,SendingDomain';
    delete process.env[ENV.PUBLISH_EVENT_COUNTS];
    cloudWatch.reset();
    firehose.reset();
    memory = new MemorySink();
    state.sink = memory;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the canonical bounce of the SNS fixture', async () => {
    // Act
    await handler(snsEvent());
    // Assert
    expect(memory.events).toStrictEqual([BOUNCE]);
    expect(EmailEventSchema.parse(memory.events[0])).toStrictEqual(BOUNCE);
  });

  it('keeps the SES message as received as a raw record', async () => {
    // Arrange
    const event = snsEvent();
    // Act
    await handler(event);
    // Assert
    expect(memory.raw).toStrictEqual([
      expectedSnsBounceRaw(NOW, event.Records[0]!.Sns.Message),
    ]);
  });

  it('publishes the counts in one PutMetricData', async () => {
    // Act
    await handler(snsEvent());
    // Assert
    expect(cloudWatch).toReceiveCommandTimes(PutMetricDataCommand, 1);
    expect(cloudWatch).toReceiveCommandWith(PutMetricDataCommand, {
      Namespace: 'Mailtrail',
      MetricData: [
        {
          MetricName: 'HardBounced',
          Dimensions: [{ Name: 'Provider', Value: 'ses' }],
          Value: 1,
          Unit: 'Count',
        },
        {
          MetricName: 'HardBounced',
          Dimensions: [
            { Name: 'Provider', Value: 'ses' },
            { Name: 'SendingDomain', Value: 'mail.example.com' },
          ],
          Value: 1,
          Unit: 'Count',
        },
      ],
    });
  });

  it('stores an unparseable message as rejected and counts it, without throwing', async () => {
    // Arrange
    const event = snsEvent();
    event.Records[0]!.Sns.Message = '{"eventType":"Bounce"';
    // Act
    await handler(event);
    // Assert
    expect(memory.events).toStrictEqual([]);
    expect(memory.raw.map((r) => [r.kind, r.reason, r.body])).toStrictEqual([
      ['rejected', 'malformed', '{"eventType":"Bounce"'],
    ]);
    expect(cloudWatch).toReceiveCommandWith(PutMetricDataCommand, {
      MetricData: [
        {
          MetricName: 'NormalizeErrors',
          Dimensions: [{ Name: 'Provider', Value: 'ses' }],
          Value: 1,
          Unit: 'Count',
        },
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
    const act = handler(snsEvent());
    // Assert
    await expect(act).rejects.toThrow(FirehoseDeliveryError);
    expect(cloudWatch).toReceiveCommandTimes(PutMetricDataCommand, 0);
  });

  it('succeeds when only the metrics cannot be published', async () => {
    // Arrange
    cloudWatch.on(PutMetricDataCommand).rejects(new Error('throttled'));
    // Act
    const act = handler(snsEvent());
    // Assert
    await expect(act).resolves.toBeUndefined();
    expect(memory.events).toHaveLength(1);
  });
});
