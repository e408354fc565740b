import { describe, expect, it, vi } from 'vitest';
import { normalizeSes } from '../../../../core/providers/ses';
import { EmailEventSchema } from '../../../../core/schema';
import { splitSesSnsEvent } from '../../../../core/ses/sns-batch';
import { loadFixture } from '../../../helpers/fixtures';
import {
  expectedSnsBounce,
  expectedSnsBounceRaw,
} from '../../../helpers/ses-sns-bounce';

// A spy around the real normalizer, so one test can simulate a bug.
vi.mock('../../../../core/providers/ses', async (importOriginal) => {
  const real =
    await importOriginal<typeof import('../../../../core/providers/ses')>();
  return { ...real, normalizeSes: vi.fn(real.normalizeSes) };
});

const NOW = '2026-03-14T09:00:00.000Z';

interface SnsEvent {
  Records: { Sns: { Message: string; MessageId?: string } }[];
}

function snsEvent(): SnsEvent {
  return loadFixture<SnsEvent>('ses', 'sns-lambda-event-bounce');
}

function withMessages(...messages: string[]): SnsEvent {
  const event = snsEvent();
  const [template] = event.Records;
  event.Records = messages.map((Message, i) => ({
    ...structuredClone(template!),
    Sns: { ...template!.Sns, Message, MessageId: `m-${i}` },
  }));
  return event;
}

const BOUNCE = expectedSnsBounce(NOW);

describe('splitSesSnsEvent', () => {
  it('normalizes the bounce of the SNS fixture', () => {
    // Act
    const { events } = splitSesSnsEvent(snsEvent(), NOW);
    // Assert
    expect(events).toStrictEqual([BOUNCE]);
  });

  it('produces schema-valid events', () => {
    // Act
    const { events } = splitSesSnsEvent(snsEvent(), NOW);
    // Assert
    for (const event of events)
      expect(EmailEventSchema.parse(event)).toStrictEqual(event);
  });

  it('keeps the message as received in a raw record', () => {
    // Arrange
    const event = snsEvent();
    // Act
    const { raw, failures } = splitSesSnsEvent(event, NOW);
    // Assert
    expect(raw).toStrictEqual([
      expectedSnsBounceRaw(NOW, event.Records[0]!.Sns.Message),
    ]);
    expect(failures).toStrictEqual([]);
  });

  it('rejects a message that is not JSON without failing the others', () => {
    // Arrange
    const good = snsEvent().Records[0]!.Sns.Message;
    const event = withMessages('not json', good);
    // Act
    const { events, raw, failures } = splitSesSnsEvent(event, NOW);
    // Assert
    expect(events).toHaveLength(1);
    expect(raw.map((r) => [r.kind, r.reason, r.request_id])).toStrictEqual([
      ['rejected', 'malformed', 'm-0'],
      ['raw', null, 'm-1'],
    ]);
    expect(raw[0]!.body).toBe('not json');
    expect(failures).toStrictEqual([
      {
        messageId: 'm-0',
        error: 'SNS event: Records.0.Sns.Message (MessageId m-0) is not JSON',
      },
    ]);
  });

  it('rejects a JSON message that is not an SES event', () => {
    // Arrange
    const event = withMessages('{"hello":"world"}');
    // Act
    const { events, raw } = splitSesSnsEvent(event, NOW);
    // Assert
    expect(events).toStrictEqual([]);
    expect(raw.map((r) => [r.kind, r.reason])).toStrictEqual([
      ['rejected', 'malformed'],
    ]);
  });

  it('skips the setup notice SES publishes when the destination is created', () => {
    // Arrange
    const event = withMessages(
      'Successfully validated SNS topic for Amazon SES event publishing.',
    );
    // Act
    const batch = splitSesSnsEvent(event, NOW);
    // Assert
    expect(batch).toStrictEqual({ events: [], raw: [], failures: [] });
  });

  it('records a null request id when SNS gives no MessageId', () => {
    // Arrange
    const event = withMessages('nope');
    delete event.Records[0]!.Sns.MessageId;
    // Act
    const { raw } = splitSesSnsEvent(event, NOW);
    // Assert
    expect(raw[0]!.request_id).toBeNull();
  });

  it('rejects an event that is not an SNS event as one record', () => {
    // Act
    const batch = splitSesSnsEvent({ Records: [] }, NOW);
    // Assert
    expect(batch.events).toStrictEqual([]);
    expect(batch.raw.map((r) => [r.kind, r.body])).toStrictEqual([
      ['rejected', '{"Records":[]}'],
    ]);
    expect(batch.failures).toStrictEqual([
      { messageId: null, error: 'not an SNS Lambda event' },
    ]);
  });

  it('keeps an undefined event as text', () => {
    // Act
    const { raw } = splitSesSnsEvent(undefined, NOW);
    // Assert
    expect(raw[0]!.body).toBe('undefined');
  });
  it('lets an unexpected error (a bug) propagate instead of rejecting', () => {
    // Arrange
    vi.mocked(normalizeSes).mockImplementationOnce(() => {
      throw new TypeError('bug');
    });
    // Act
    const act = () => splitSesSnsEvent(snsEvent(), NOW);
    // Assert
    expect(act).toThrow(TypeError);
  });
});
