import { describe, expect, it } from 'vitest';
import { normalizeSes } from '../../../../core/providers/ses';
import { loadFixture } from '../../../helpers/fixtures';
import {
  ctx,
  itNormalizesKeyCases,
  normalizeFixture,
  type SesKeyCase,
  SHIPPED,
  TAGS,
} from './ses-expected';

/** The one-recipient fixtures all go to hanako.yamada@example.com. */
const HANAKO = {
  recipient: 'hanako.yamada@example.com',
  recipient_domain: 'example.com',
} as const;

const NO_SMTP = { smtp_code: null, smtp_status: null } as const;

const TYPE_CASES: SesKeyCase[] = [
  {
    title: 'maps Send to accepted at the mail timestamp',
    fixture: 'send',
    feedbackId: null,
    fields: {
      ...HANAKO,
      ...NO_SMTP,
      event_type: 'accepted',
      bounce_type: null,
      occurred_at: '2026-03-14T02:10:00.120Z',
      message_id:
        '0106019e00000001-4f1c2a7e-91b3-4c55-a0d2-000000000001-000000',
      subject: SHIPPED,
      diagnostic: null,
      provider_event: 'Send',
      tags: TAGS,
    },
  },
  {
    title: 'maps Rendering Failure to rendering_failed with the error message',
    fixture: 'rendering-failure',
    feedbackId: null,
    fields: {
      ...NO_SMTP,
      event_type: 'rendering_failed',
      bounce_type: null,
      occurred_at: '2026-03-14T02:40:00.000Z',
      recipient: 'ken.tanaka@example.com',
      recipient_domain: 'example.com',
      message_id:
        '0106019e0000000c-4f1c2a7e-91b3-4c55-a0d2-00000000000c-000000',
      subject: null,
      diagnostic:
        "Attribute 'orderNumber' is not present in the rendering data.",
      provider_event: 'Rendering Failure',
      tags: TAGS,
    },
  },
  {
    title: 'maps an opt-out Subscription to unsubscribed',
    fixture: 'subscription',
    feedbackId: null,
    fields: {
      ...HANAKO,
      ...NO_SMTP,
      event_type: 'unsubscribed',
      bounce_type: null,
      occurred_at: '2026-03-14T07:15:30.004Z',
      message_id:
        '0106019e0000000f-4f1c2a7e-91b3-4c55-a0d2-00000000000f-000000',
      subject: 'Spring newsletter',
      diagnostic: 'UnsubscribeHeader',
      provider_event: 'Subscription',
      tags: TAGS,
    },
  },
  {
    title: 'maps Delivery to delivered with the SMTP response',
    fixture: 'delivery',
    feedbackId: null,
    fields: {
      ...HANAKO,
      event_type: 'delivered',
      bounce_type: null,
      occurred_at: '2026-03-14T02:20:01.532Z',
      message_id:
        '0106019e00000009-4f1c2a7e-91b3-4c55-a0d2-000000000009-000000',
      subject: SHIPPED,
      smtp_code: 250,
      smtp_status: '2.0.0',
      diagnostic: '250 2.0.0 OK  1773454801 x12-20020a170902 - gsmtp',
      provider_event: 'Delivery',
      tags: { ...TAGS, 'ses:outgoing-ip': '203.0.113.45' },
    },
  },
];

describe('normalizeSes event types', () => {
  itNormalizesKeyCases(TYPE_CASES);

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
