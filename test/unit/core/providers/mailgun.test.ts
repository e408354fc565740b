import { describe, expect, it } from 'vitest';
import { eventId } from '../../../../core/event-id';
import { normalizeMailgun } from '../../../../core/providers/mailgun';
import type { EmailEvent } from '../../../../core/schema';
import { EmailEventSchema } from '../../../../core/schema';
import { listFixtures, loadFixture } from '../../../helpers/fixtures';

type Body = { 'event-data': Record<string, unknown> };

const ctx = {
  receivedAt: '2026-03-14T12:00:00.000Z',
  source: 'webhook',
} as const;

const delivered: EmailEvent = {
  schema_version: 1,
  event_id: eventId('mailgun', ['7Kzorn-evTLEMT2-DAUu2w', '2026-03-14']),
  provider: 'mailgun',
  event_type: 'delivered',
  bounce_type: null,
  occurred_at: '2026-03-14T02:10:02.537Z',
  received_at: '2026-03-14T12:00:00.000Z',
  recipient: 'hanako.yamada@example.com',
  recipient_domain: 'example.com',
  sender: 'bounce+a1b2c3.4d5e6f-hanako.yamada=example.com@mg.example.com',
  from_domain: 'mg.example.com',
  message_id: '20260314021000.1a2b3c4d5e6f7081@mg.example.com',
  subject: 'Your order #A-10293 has shipped',
  smtp_code: 250,
  smtp_status: null,
  diagnostic: 'OK',
  provider_event: 'delivered',
  tags: {
    tenant: 'acme',
    order_id: 'A-10293',
    'mailgun:tags': 'order-shipped',
  },
  source: 'webhook',
};

const hardBounce: EmailEvent = {
  ...delivered,
  event_id: eventId('mailgun', ['H3l36M_G2mzFCyU7MZAIUe', '2026-03-14']),
  event_type: 'bounced',
  bounce_type: 'hard',
  occurred_at: '2026-03-14T02:12:00.771Z',
  recipient: 'no-such-user@example.com',
  sender: 'bounce+ff00aa.11bb22-no-such-user=example.com@mg.example.com',
  message_id: '20260314021200.0a0b0c0d0e0f1011@mg.example.com',
  smtp_code: 550,
  smtp_status: '5.1.1',
  diagnostic:
    '5.1.1 <no-such-user@example.com>: Recipient address rejected: User unknown',
  provider_event: 'failed:permanent:bounce',
};

const espblock: EmailEvent = {
  ...delivered,
  event_id: eventId('mailgun', ['scFct-GNUcMEsVUWf_y83t', '2026-03-14']),
  event_type: 'deferred',
  occurred_at: '2026-03-14T02:15:00.918Z',
  recipient: 'big.user@example.net',
  recipient_domain: 'example.net',
  sender: 'bounce+77aa66.55bb44-big.user=example.net@mg.example.com',
  message_id: '20260314021600.1029384756abcdef@mg.example.com',
  subject: 'Weekly deals',
  smtp_code: 421,
  smtp_status: '4.7.0',
  diagnostic:
    '4.7.0 [198.51.100.61] Our system has detected an unusual rate of mail originating from your IP address. Try again later.',
  provider_event: 'failed:temporary:espblock',
  tags: { tenant: 'acme', 'mailgun:tags': 'newsletter' },
};

function normalizeFixture(name: string): EmailEvent[] {
  return normalizeMailgun(loadFixture('mailgun', name), ctx);
}

describe('normalizeMailgun fixtures', () => {
  const files = listFixtures('mailgun', /^(webhook-|events-api-)/);

  it('finds the fixtures', () => {
    expect(files).toContain('webhook-delivered.json');
    expect(files).toContain('webhook-delivered-unicode-subject.json');
  });

  it.each(files)('normalizes %s to schema-valid events', (file) => {
    // Act
    const events = normalizeFixture(file);

    // Assert
    for (const event of events) {
      expect(EmailEventSchema.parse(event)).toStrictEqual(event);
    }
  });
});

describe('normalizeMailgun mapping', () => {
  it('maps delivered to a delivered event', () => {
    expect(normalizeFixture('webhook-delivered')).toStrictEqual([delivered]);
  });

  it('maps a permanent bounce to a hard bounce', () => {
    expect(normalizeFixture('webhook-failed-permanent-bounce')).toStrictEqual([
      hardBounce,
    ]);
  });

  it('maps a temporary failure to deferred', () => {
    expect(normalizeFixture('webhook-failed-temporary-espblock')).toStrictEqual(
      [espblock],
    );
  });

  it('maps suppress-bounce to dropped and keeps code 605 out of smtp_code', () => {
    expect(
      normalizeFixture('webhook-failed-permanent-suppress-bounce'),
    ).toStrictEqual([
      {
        ...hardBounce,
        event_id: eventId('mailgun', ['Sp9bQw3-Lk2mXc7Vn0dF4g', '2026-03-14']),
        event_type: 'dropped',
        bounce_type: null,
        occurred_at: '2026-03-14T03:03:00.118Z',
        sender: 'bounce+66aa77.88bb99-no-such-user=example.com@mg.example.com',
        message_id: '20260314030300.66aa7788bb99ccdd@mg.example.com',
        subject: 'Weekly deals',
        smtp_code: null,
        smtp_status: null,
        diagnostic:
          'Mailgun code 605: Not delivering to previously bounced address',
        provider_event: 'failed:permanent:suppress-bounce',
        tags: { tenant: 'acme', 'mailgun:tags': 'newsletter' },
      },
    ]);
  });

  it('maps a delayed bounce with an empty envelope to a hard bounce', () => {
    expect(
      normalizeFixture('webhook-failed-permanent-delayed-bounce'),
    ).toStrictEqual([
      {
        ...hardBounce,
        event_id: eventId('mailgun', ['Db4kLm8-Qw1xZc6Vb2nR7t', '2026-03-14']),
        occurred_at: '2026-03-14T05:03:00.642Z',
        recipient: 'moved.away@example.org',
        recipient_domain: 'example.org',
        sender: 'noreply@mg.example.com',
        message_id: '20260314021000.99887766554433aa@mg.example.com',
        subject: 'Your order #A-10294 has shipped',
        diagnostic:
          '550 5.1.1 The email account that you tried to reach does not exist',
        tags: {
          tenant: 'acme',
          order_id: 'A-10294',
          'mailgun:tags': 'order-shipped',
        },
      },
    ]);
  });

  it('maps reason old (retries given up) to a soft bounce, as SES Transient', () => {
    expect(normalizeFixture('webhook-failed-temporary-old')).toStrictEqual([
      {
        ...espblock,
        event_id: eventId('mailgun', ['Ol7dMq2-Xw9kZc4Vb1nR8s', '2026-03-14']),
        event_type: 'bounced',
        bounce_type: 'soft',
        // 1773483000.905511 s, truncated as Date does
        occurred_at: '2026-03-14T10:10:00.905Z',
        recipient: 'slow.server@example.net',
        sender: 'bounce+1a2b3c.4d5e6f-slow.server=example.net@mg.example.com',
        message_id: '20260314021500.1a2b3c4d5e6f7a8b@mg.example.com',
        smtp_status: '4.4.1',
        diagnostic: 'Too old',
        provider_event: 'failed:temporary:old',
      },
    ]);
  });

  it('keeps a Japanese, emoji and umlaut subject unchanged', () => {
    const [event] = normalizeFixture('webhook-delivered-unicode-subject');
    expect(event?.subject).toBe(
      '【サンプル商店】ご注文ありがとうございます 🎉 Größe M – Bestätigung',
    );
    expect(event?.tags).toStrictEqual({
      tenant: 'サンプル',
      order_id: 'B-20417',
      'mailgun:tags': 'order-confirmed,ja',
    });
  });

  it('maps rejected to rejected with the reject reason as diagnostic', () => {
    expect(normalizeFixture('webhook-rejected')).toStrictEqual([
      {
        ...delivered,
        event_id: eventId('mailgun', ['Rj8cTd1-Ew4kZc9Vb3nQ6p', '2026-03-14']),
        event_type: 'rejected',
        // 1773457620.551903 s, truncated as Date does
        occurred_at: '2026-03-14T03:07:00.551Z',
        sender: 'noreply@mg.example.com',
        message_id: '20260314030700.aa11bb22cc33dd44@mg.example.com',
        subject: 'Test',
        smtp_code: null,
        diagnostic: 'Sandbox subdomains are for test purposes only',
        provider_event: 'rejected',
        tags: null,
      },
    ]);
  });

  it.each([
    ['webhook-accepted', 'accepted'],
    ['webhook-opened', 'opened'],
    ['webhook-clicked', 'clicked'],
    ['webhook-unsubscribed', 'unsubscribed'],
    ['webhook-complained', 'complained'],
    ['webhook-stored', 'unknown'],
    ['webhook-unknown-event', 'unknown'],
  ])('maps %s to %s', (name, type) => {
    const body = loadFixture<Body>('mailgun', name);
    const [event] = normalizeMailgun(body, ctx);
    expect([event?.event_type, event?.provider_event]).toStrictEqual([
      type,
      body['event-data'].event,
    ]);
  });
});
