import { describe, expect, it, vi } from 'vitest';
import { MalformedPayloadError } from '../../../../core/errors';
import { normalizeSes } from '../../../../core/providers/ses';
import { EmailEventSchema } from '../../../../core/schema';
import { transformSesFirehoseEvent } from '../../../../core/ses/firehose-batch';
import { loadFixture } from '../../../helpers/fixtures';

// A spy around the real normalizer, so one test can simulate a bug.
vi.mock('../../../../core/providers/ses', async (importOriginal) => {
  const real =
    await importOriginal<typeof import('../../../../core/providers/ses')>();
  return { ...real, normalizeSes: vi.fn(real.normalizeSes) };
});

const NOW = '2026-03-14T09:00:00.000Z';

interface FirehoseEvent {
  records: { recordId: string; data: string }[];
}

function firehoseEvent(): FirehoseEvent {
  return loadFixture<FirehoseEvent>('ses', 'firehose-transform-lambda-event');
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('transformSesFirehoseEvent', () => {
  it('echoes every record unchanged with result Ok', () => {
    // Arrange
    const event = firehoseEvent();
    // Act
    const { records, failures } = transformSesFirehoseEvent(event, NOW);
    // Assert
    expect(records).toStrictEqual(
      event.records.map(({ recordId, data }) => ({
        recordId,
        result: 'Ok',
        data,
      })),
    );
    expect(failures).toStrictEqual([]);
  });

  it('normalizes one event per recipient, stamped with source firehose', () => {
    // Act
    const { events } = transformSesFirehoseEvent(firehoseEvent(), NOW);
    // Assert
    expect(
      events.map((e) => [e.event_type, e.recipient, e.source, e.received_at]),
    ).toStrictEqual([
      ['accepted', 'hanako.yamada@example.com', 'firehose', NOW],
      ['delivered', 'hanako.yamada@example.com', 'firehose', NOW],
      ['bounced', 'alice.gone@example.org', 'firehose', NOW],
      ['bounced', 'bob.gone@example.org', 'firehose', NOW],
      ['bounced', 'carol.gone@example.org', 'firehose', NOW],
      ['opened', 'hanako.yamada@example.com', 'firehose', NOW],
    ]);
  });

  it('produces schema-valid events', () => {
    // Act
    const { events } = transformSesFirehoseEvent(firehoseEvent(), NOW);
    // Assert
    for (const e of events) expect(EmailEventSchema.parse(e)).toStrictEqual(e);
  });

  it('marks an unparseable record ProcessingFailed and keeps the others Ok', () => {
    // Arrange
    const event = firehoseEvent();
    event.records[1]!.data = b64('{"eventType":"Delivery"}\n');
    // Act
    const { events, records, failures } = transformSesFirehoseEvent(event, NOW);
    // Assert
    expect(records.map((r) => r.result)).toStrictEqual([
      'Ok',
      'ProcessingFailed',
      'Ok',
      'Ok',
    ]);
    expect(records[1]!.data).toBe(event.records[1]!.data);
    expect(events).toHaveLength(5);
    expect(failures.map((f) => f.recordId)).toStrictEqual([
      event.records[1]!.recordId,
    ]);
  });

  it('marks a record that is not base64 ProcessingFailed', () => {
    // Arrange
    const event = firehoseEvent();
    event.records[0]!.data = '***';
    // Act
    const { records, failures } = transformSesFirehoseEvent(event, NOW);
    // Assert
    expect(records[0]).toStrictEqual({
      recordId: event.records[0]!.recordId,
      result: 'ProcessingFailed',
      data: '***',
    });
    expect(failures[0]!.error).toMatch(/is not base64/);
  });

  it('marks a record with a non-JSON line ProcessingFailed', () => {
    // Arrange
    const event = firehoseEvent();
    event.records[3]!.data = b64('{oops\n');
    // Act
    const { records } = transformSesFirehoseEvent(event, NOW);
    // Assert
    expect(records[3]!.result).toBe('ProcessingFailed');
  });

  it('accepts an empty batch', () => {
    // Arrange
    const event = firehoseEvent();
    event.records = [];
    // Act
    const batch = transformSesFirehoseEvent(event, NOW);
    // Assert
    expect(batch).toStrictEqual({ events: [], records: [], failures: [] });
  });

  it('throws on an envelope that is not a Firehose event, so Firehose retries', () => {
    // Act
    const act = () => transformSesFirehoseEvent({ records: 'x' }, NOW);
    // Assert
    expect(act).toThrow(MalformedPayloadError);
  });
  it('lets an unexpected error (a bug) propagate instead of rejecting', () => {
    // Arrange
    vi.mocked(normalizeSes).mockImplementationOnce(() => {
      throw new TypeError('bug');
    });
    // Act
    const act = () => transformSesFirehoseEvent(firehoseEvent(), NOW);
    // Assert
    expect(act).toThrow(TypeError);
  });
});
