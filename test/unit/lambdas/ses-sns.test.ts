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

const BOUNCE = {
  schema_version: 1,
  event_id: '6e5dc06eabdd032744df890cad207f06',
  provider: 'ses',
  event_type: 'bounced',
  bounce_type: 'hard',
  occurred_at: '2026-03-14T02:12:41.877Z',
  received_at: NOW,
  recipient: 'no-such-user@example.com',
  recipient_domain: 'example.com',
  sender: 'noreply@mail.example.com',
  from_domain: 'mail.example.com',
  message_id: '0106019e00000003-4f1c2a7e-91b3-4c55-a0d2-000000000003-000000',
  subject: 'Your order #A-10293 has shipped',
  smtp_code: 550,
  smtp_status: '5.1.1',
  diagnostic:
    'smtp; 550 5.1.1 <no-such-user@example.com>: Recipient address rejected: User unknown',
  provider_event: 'Bounce',
  tags: {
    'ses:operation': 'SendEmail',
    'ses:configuration-set': 'prod-transactional',
    'ses:source-ip': '198.51.100.24',
    'ses:from-domain': 'mail.example.com',
    'ses:caller-identity': 'mailer-service',
    tenant: 'acme',
    template: 'order-shipped',
  },
  source: 'sns',
};

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
      {
        kind: 'raw',
        provider: 'ses',
        received_at: NOW,
        source: 'sns',
        reason: null,
        content_type: 'application/json',
        body: event.Records[0]!.Sns.Message,
        body_encoding: 'utf8',
        request_id: 'a3c1f0d2-7e4b-5c9a-8b1d-0f2e3d4c5b6a',
      },
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
