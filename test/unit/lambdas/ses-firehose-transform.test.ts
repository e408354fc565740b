import { PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it, vi } from 'vitest';
import { FirehoseDeliveryError } from '../../../adapters/aws/firehose';
import { ENV } from '../../../contract/env';
import { EmailEventSchema } from '../../../core/schema';
import { handler } from '../../../lambdas/ses-firehose-transform/handler';
import { useStdoutCapture } from '../../helpers/emf';
import { loadFixture } from '../../helpers/fixtures';
import { lambdaContext } from '../../helpers/lambda-context';
import { realFirehoseSink } from '../../helpers/memory-sink';
import { type SinkState, useSesHandler } from '../../helpers/ses-handler';

const state = vi.hoisted(() => ({ sink: undefined as SinkState['sink'] }));
vi.mock('../../../lambdas/wiring/lake-sink', () => ({
  lakeSinkFromEnv: () => ({
    putEvents: (events: never) => state.sink!.putEvents(events),
    putRaw: (records: never) => state.sink!.putRaw(records),
  }),
}));

const harness = useSesHandler(state, 'Provider');
const { cloudWatch, firehose } = harness;
const out = useStdoutCapture();

function firehoseEvent(): FirehoseTransformationEvent {
  return loadFixture<FirehoseTransformationEvent>(
    'ses',
    'firehose-transform-lambda-event',
  );
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('ses-firehose-transform handler', () => {
  it('returns every record Ok and unchanged, so raw lands in raw/', async () => {
    // Arrange
    const event = firehoseEvent();
    // Act
    const response = await handler(event, lambdaContext());
    // Assert
    expect(response).toStrictEqual({
      records: event.records.map(({ recordId, data }) => ({
        recordId,
        result: 'Ok',
        data,
      })),
    });
  });

  it('puts one canonical event per recipient into the events stream', async () => {
    // Act
    await handler(firehoseEvent(), lambdaContext());
    // Assert
    expect(
      harness.memory.events.map((e) => [e.event_type, e.recipient, e.source]),
    ).toStrictEqual([
      ['accepted', 'hanako.yamada@example.com', 'firehose'],
      ['delivered', 'hanako.yamada@example.com', 'firehose'],
      ['bounced', 'alice.gone@example.org', 'firehose'],
      ['bounced', 'bob.gone@example.org', 'firehose'],
      ['bounced', 'carol.gone@example.org', 'firehose'],
      ['opened', 'hanako.yamada@example.com', 'firehose'],
    ]);
    for (const e of harness.memory.events) {
      expect(EmailEventSchema.parse(e)).toStrictEqual(e);
    }
    expect(harness.memory.raw).toStrictEqual([]);
  });

  it('marks an unparseable record ProcessingFailed and keeps the others', async () => {
    // Arrange
    const event = firehoseEvent();
    event.records[2]!.data = b64('not json\n');
    // Act
    const response = await handler(event, lambdaContext());
    // Assert
    expect(response.records.map((r) => r.result)).toStrictEqual([
      'Ok',
      'Ok',
      'ProcessingFailed',
      'Ok',
    ]);
    expect(response.records[2]!.data).toBe(event.records[2]!.data);
    expect(harness.memory.events.map((e) => e.event_type)).toStrictEqual([
      'accepted',
      'delivered',
      'opened',
    ]);
  });

  it('counts events and processing failures in EMF, without calling CloudWatch', async () => {
    // Arrange
    const event = firehoseEvent();
    event.records = event.records.slice(0, 2);
    event.records[1]!.data = b64('{}\n');
    // Act
    await handler(event, lambdaContext());
    // Assert
    expect(cloudWatch.calls()).toHaveLength(0);
    expect(out.data.map((d) => [d.name, d.dimensions, d.value])).toStrictEqual([
      ['Accepted', { Provider: 'ses' }, 1],
      ['NormalizeErrors', { Provider: 'ses' }, 1],
    ]);
  });

  it('leaves event counts to the SNS path when told to', async () => {
    // Arrange
    process.env[ENV.PUBLISH_EVENT_COUNTS] = 'false';
    // Act
    await handler(firehoseEvent(), lambdaContext());
    // Assert
    expect(out.data).toStrictEqual([]);
    expect(harness.memory.events).toHaveLength(6);
  });

  it('throws when the events stream refuses the write, so Firehose retries', async () => {
    // Arrange
    state.sink = realFirehoseSink();
    firehose.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [{ ErrorCode: 'ServiceUnavailableException' }],
    });
    // Act
    const act = handler(firehoseEvent(), lambdaContext());
    // Assert
    await expect(act).rejects.toThrow(FirehoseDeliveryError);
  });
});
