import { describe, expect, it } from 'vitest';
import { eventId } from '../../../../core/event-id';
import { normalizeSes } from '../../../../core/providers/ses';
import { loadFixture } from '../../../helpers/fixtures';
import { COMMON, ctx, normalizeFixture, SHIPPED, TAGS } from './ses-expected';

/** The one-recipient fixtures all go to hanako.yamada@example.com. */
const HANAKO = {
  recipient: 'hanako.yamada@example.com',
  recipient_domain: 'example.com',
} as const;

const NO_SMTP = { smtp_code: null, smtp_status: null } as const;

describe('normalizeSes event types', () => {
  it('maps Send to accepted at the mail timestamp', () => {
    // Arrange
    const messageId =
      '0106019e00000001-4f1c2a7e-91b3-4c55-a0d2-000000000001-000000';
    const at = '2026-03-14T02:10:00.120Z';
    // Act
    const events = normalizeFixture('send');
    // Assert
    expect(events).toStrictEqual([
      {
        ...COMMON,
        ...HANAKO,
        ...NO_SMTP,
        event_id: eventId('ses', [
          messageId,
          'Send',
          HANAKO.recipient,
          at,
          null,
        ]),
        event_type: 'accepted',
        bounce_type: null,
        occurred_at: at,
        message_id: messageId,
        subject: SHIPPED,
        diagnostic: null,
        provider_event: 'Send',
        tags: TAGS,
      },
    ]);
  });

  it('maps Rendering Failure to rendering_failed with the error message', () => {
    // Arrange
    const messageId =
      '0106019e0000000c-4f1c2a7e-91b3-4c55-a0d2-00000000000c-000000';
    const at = '2026-03-14T02:40:00.000Z';
    const recipient = 'ken.tanaka@example.com';
    // Act
    const events = normalizeFixture('rendering-failure');
    // Assert
    expect(events).toStrictEqual([
      {
        ...COMMON,
        ...NO_SMTP,
        event_id: eventId('ses', [
          messageId,
          'Rendering Failure',
          recipient,
          at,
          null,
        ]),
        event_type: 'rendering_failed',
        bounce_type: null,
        occurred_at: at,
        recipient,
        recipient_domain: 'example.com',
        message_id: messageId,
        subject: null,
        diagnostic:
          "Attribute 'orderNumber' is not present in the rendering data.",
        provider_event: 'Rendering Failure',
        tags: TAGS,
      },
    ]);
  });

  it('maps an opt-out Subscription to unsubscribed', () => {
    // Arrange
    const messageId =
      '0106019e0000000f-4f1c2a7e-91b3-4c55-a0d2-00000000000f-000000';
    const at = '2026-03-14T07:15:30.004Z';
    // Act
    const events = normalizeFixture('subscription');
    // Assert
    expect(events).toStrictEqual([
      {
        ...COMMON,
        ...HANAKO,
        ...NO_SMTP,
        event_id: eventId('ses', [
          messageId,
          'Subscription',
          HANAKO.recipient,
          at,
          null,
        ]),
        event_type: 'unsubscribed',
        bounce_type: null,
        occurred_at: at,
        message_id: messageId,
        subject: 'Spring newsletter',
        diagnostic: 'UnsubscribeHeader',
        provider_event: 'Subscription',
        tags: TAGS,
      },
    ]);
  });

  it('maps Delivery to delivered with the SMTP response', () => {
    // Arrange
    const messageId =
      '0106019e00000009-4f1c2a7e-91b3-4c55-a0d2-000000000009-000000';
    const at = '2026-03-14T02:20:01.532Z';
    // Act
    const events = normalizeFixture('delivery');
    // Assert
    expect(events).toStrictEqual([
      {
        ...COMMON,
        ...HANAKO,
        event_id: eventId('ses', [
          messageId,
          'Delivery',
          HANAKO.recipient,
          at,
          null,
        ]),
        event_type: 'delivered',
        bounce_type: null,
        occurred_at: at,
        message_id: messageId,
        subject: SHIPPED,
        smtp_code: 250,
        smtp_status: '2.0.0',
        diagnostic: '250 2.0.0 OK  1773454801 x12-20020a170902 - gsmtp',
        provider_event: 'Delivery',
        tags: { ...TAGS, 'ses:outgoing-ip': '203.0.113.45' },
      },
    ]);
  });

  it('maps Reject to rejected with the reason', () => {
    // Act
    const [event] = normalizeFixture('reject');
    // Assert
    expect([event?.event_type, event?.diagnostic]).toStrictEqual([
      'rejected',
      'Bad content',
    ]);
  });

  it.each([
    ['open', 'opened', '2026-03-14T06:02:11.421Z'],
    ['click', 'clicked', '2026-03-14T06:03:40.018Z'],
  ])('maps %s to %s at its own timestamp', (name, type, at) => {
    // Act
    const [event] = normalizeFixture(name);
    // Assert
    expect([event?.event_type, event?.occurred_at]).toStrictEqual([type, at]);
  });

  it('fans a click out to every destination', () => {
    // Arrange
    const payload = loadFixture<{ mail: { destination: string[] } }>(
      'ses',
      'click',
    );
    payload.mail.destination = ['a@example.com', 'B@Example.org'];
    // Act
    const events = normalizeSes(payload, ctx);
    // Assert
    expect(events.map((e) => e.recipient)).toStrictEqual([
      'a@example.com',
      'b@example.org',
    ]);
  });

  it('keeps a unicode subject unchanged', () => {
    // Act
    const [event] = normalizeFixture('send-unicode-subject');
    // Assert
    expect(event?.subject).toBe('ご注文ありがとうございます 🎉 Ünïcödé');
  });

  it('maps an unknown eventType to unknown at its own timestamp', () => {
    // Act
    const events = normalizeFixture('unknown-event-type');
    // Assert
    expect(
      events.map((e) => [e.event_type, e.provider_event, e.occurred_at]),
    ).toStrictEqual([['unknown', 'Quarantine', '2026-03-14T06:10:00.000Z']]);
  });

  it('maps an opt-in Subscription to unknown, keeping Subscription', () => {
    // Act
    const events = normalizeFixture('subscription-opt-in');
    // Assert
    expect(
      events.map((e) => [e.event_type, e.provider_event, e.diagnostic]),
    ).toStrictEqual([
      ['unknown', 'Subscription', 'SubscriptionPreferencesPage'],
    ]);
  });
});
