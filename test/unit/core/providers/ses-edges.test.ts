import { describe, expect, it } from 'vitest';
import { normalizeSes } from '../../../../core/providers/ses';
import {
  ctx,
  normalizeFixture,
  patchedFixture,
  sesEvent,
  TAGS,
} from './ses-expected';

describe('normalizeSes fan-out and classification', () => {
  it('emits one event per bounced recipient, not per destination', () => {
    // Arrange
    const messageId =
      '0106019e00000005-4f1c2a7e-91b3-4c55-a0d2-000000000005-000000';
    const feedbackId =
      '0106019e0000000c-b2c8e0f1-33aa-4d0e-9f61-000000000005-000000';
    const at = '2026-03-14T03:05:12.004Z';
    const dsn =
      'smtp; 550 5.1.1 The email account that you tried to reach does not exist';
    const expected = (recipient: string, withDsn: boolean) =>
      sesEvent(
        {
          event_type: 'bounced',
          bounce_type: 'hard',
          occurred_at: at,
          recipient,
          recipient_domain: 'example.org',
          message_id: messageId,
          subject: 'Team update: March schedule',
          smtp_code: withDsn ? 550 : null,
          smtp_status: withDsn ? '5.1.1' : null,
          // Without a DSN the bounce type and subtype stand in.
          diagnostic: withDsn ? dsn : 'Permanent/NoEmail',
          provider_event: 'Bounce',
          tags: TAGS,
        },
        feedbackId,
      );
    // Act
    const events = normalizeFixture('bounce-multi-recipient');
    // Assert
    expect(events).toStrictEqual([
      expected('alice.gone@example.org', true),
      expected('bob.gone@example.org', true),
      expected('carol.gone@example.org', false),
    ]);
  });

  it('emits one complaint per complained recipient, lower-cased', () => {
    // Act
    const events = normalizeFixture('complaint-no-feedback-type');
    // Assert
    expect(
      events.map((e) => [e.event_type, e.recipient, e.diagnostic]),
    ).toStrictEqual([
      ['complained', 'grumpy.user@example.net', null],
      ['complained', 'quiet.colleague@example.net', null],
    ]);
  });

  it('maps a complaint on the account suppression list to dropped', () => {
    // Act
    const [event] = normalizeFixture('complaint-on-account-suppression-list');
    // Assert
    expect([event?.event_type, event?.diagnostic]).toStrictEqual([
      'dropped',
      'OnAccountSuppressionList',
    ]);
  });

  it('reads a mailbox-full delay without common headers', () => {
    // Act
    const [event] = normalizeFixture('delivery-delay-mailboxfull');
    // Assert
    expect(event).toMatchObject({
      event_type: 'deferred',
      occurred_at: '2026-03-14T05:45:03.118Z',
      subject: null,
      smtp_code: 452,
      smtp_status: '4.2.2',
    });
  });

  it('falls back to the delayType when a delay has no diagnostic', () => {
    // Arrange
    const payload = patchedFixture('delivery-delay-mailboxfull', {
      'deliveryDelay.delayedRecipients': [{ emailAddress: 'x@example.jp' }],
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect([event?.smtp_status, event?.diagnostic]).toStrictEqual([
      null,
      'MailboxFull',
    ]);
  });

  it('maps an Undetermined bounce to bounced undetermined', () => {
    // Act
    const [event] = normalizeFixture('bounce-undetermined');
    // Assert
    expect([event?.bounce_type, event?.diagnostic]).toStrictEqual([
      'undetermined',
      'Undetermined/Undetermined',
    ]);
  });

  it.each([
    'Suppressed',
    'OnTenantSuppressionList',
    'EmailValidationSuppressed',
    'UnsubscribedRecipient',
  ])('maps the Permanent/%s bounce to dropped', (subType) => {
    // Arrange
    const payload = patchedFixture('bounce-permanent', {
      'bounce.bounceSubType': subType,
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect([event?.event_type, event?.bounce_type]).toStrictEqual([
      'dropped',
      null,
    ]);
  });

  it.each([
    ['an unrecognised', 'Sideways'],
    ['a missing', undefined],
  ])('maps %s bounceType to undetermined', (_, bounceType) => {
    // Arrange
    const payload = patchedFixture('bounce-undetermined', {
      'bounce.bounceType': bounceType,
      'bounce.bounceSubType': undefined,
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect([event?.bounce_type, event?.diagnostic]).toStrictEqual([
      'undetermined',
      bounceType ?? null,
    ]);
  });

  const topics = (...statuses: [string, string][]) => ({
    topicSubscriptionStatus: statuses.map(
      ([topicName, subscriptionStatus]) => ({
        topicName,
        subscriptionStatus,
      }),
    ),
  });
  const out = topics(['sales', 'OptOut']);

  it.each([
    [
      'unsubscribeAll turned on',
      { unsubscribeAll: false },
      { unsubscribeAll: true },
      'unsubscribed',
    ],
    ['a topic newly OptOut', topics(['sales', 'OptIn']), out, 'unsubscribed'],
    ['an OptOut topic and no old preferences', undefined, out, 'unsubscribed'],
    [
      'unsubscribeAll already on',
      { unsubscribeAll: true },
      { unsubscribeAll: true },
      'unknown',
    ],
    [
      'a topic already OptOut',
      out,
      topics(['sales', 'OptOut'], ['news', 'OptIn']),
      'unknown',
    ],
  ])('classifies a Subscription with %s', (_, before, after, expected) => {
    // Arrange
    const payload = patchedFixture('subscription', {
      'subscription.oldTopicPreferences': before,
      'subscription.newTopicPreferences': after,
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect(event?.event_type).toBe(expected);
  });

  it('maps a Subscription without preferences to unknown', () => {
    // Arrange
    const payload = patchedFixture('subscription', {
      subscription: { timestamp: '2026-03-14T07:15:30.004Z' },
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect([event?.event_type, event?.diagnostic]).toStrictEqual([
      'unknown',
      null,
    ]);
  });
});
