import { describe, expect, it, vi } from 'vitest';
import { normalizeSes } from '../../../../core/providers/ses';
import { EmailEventSchema } from '../../../../core/schema';
import { splitSesSnsEvent } from '../../../../core/ses/sns-batch';
import { loadFixture } from '../../../helpers/fixtures';

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
