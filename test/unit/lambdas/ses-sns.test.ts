import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { SNSEvent } from 'aws-lambda';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it, vi } from 'vitest';
import { FirehoseDeliveryError } from '../../../adapters/aws/firehose';
import { EmailEventSchema } from '../../../core/schema';
import { handler } from '../../../lambdas/ses-sns/handler';
import { useStdoutCapture } from '../../helpers/emf';
import { loadFixture } from '../../helpers/fixtures';
import { lambdaContext } from '../../helpers/lambda-context';
import { realFirehoseSink } from '../../helpers/memory-sink';
import { NOW, type SinkState, useSesHandler } from '../../helpers/ses-handler';
import {
  expectedSnsBounce,
  expectedSnsBounceRaw,
} from '../../helpers/ses-sns-bounce';

const state = vi.hoisted(() => ({ sink: undefined as SinkState['sink'] }));
vi.mock('../../../lambdas/wiring/lake-sink', () => ({
  lakeSinkFromEnv: () => ({
    putEvents: (events: never) => state.sink!.putEvents(events),
    putRaw: (records: never) => state.sink!.putRaw(records),
  }),
}));

const harness = useSesHandler(state, 'Provider,SendingDomain');
const { cloudWatch, firehose } = harness;
const out = useStdoutCapture();

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

  it('writes the counts as EMF log lines and never calls CloudWatch', async () => {
    // Act
    await handler(snsEvent(), lambdaContext());
    // Assert
    expect(cloudWatch.calls()).toHaveLength(0);
    expect(
      out.data.map((d) => [d.namespace, d.name, d.dimensions, d.value]),
    ).toStrictEqual([
      ['Mailtrail', 'HardBounced', { Provider: 'ses' }, 1],
      [
        'Mailtrail',
        'HardBounced',
        { Provider: 'ses', SendingDomain: 'mail.example.com' },
        1,
      ],
    ]);
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
    expect(out.data.map((d) => [d.name, d.dimensions, d.value])).toStrictEqual([
      ['NormalizeErrors', { Provider: 'ses' }, 1],
    ]);
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
    expect(out.data).toStrictEqual([]);
  });
});
