import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../core/errors';
import { isSesSetupNotice, normalizeSes } from '../../../../core/providers/ses';
import { ctx, normalizeFixture, patchedFixture } from './ses-expected';

describe('normalizeSes malformed input', () => {
  it.each([
    ['a string', 'not an event', /expected object/],
    ['null', null, /expected object/],
    ['an array', [], /expected object/],
  ])('rejects %s', (_, payload, message) => {
    // Act
    const act = () => normalizeSes(payload, ctx);
    // Assert
    expect(act).toThrow(MalformedPayloadError);
    expect(act).toThrow(message);
  });

  it.each([
    ['eventType and notificationType', { eventType: undefined }, /eventType/],
    ['mail', { mail: undefined }, /SES event: mail: /],
    ['mail.messageId', { 'mail.messageId': undefined }, /mail\.messageId: /],
    ['mail.destination', { 'mail.destination': [] }, /mail\.destination: /],
    ['mail.timestamp', { 'mail.timestamp': 'soon' }, /SES mail\.timestamp/],
    [
      'bounce.bouncedRecipients',
      { 'bounce.bouncedRecipients': undefined },
      /SES event: bounce\.bouncedRecipients: /,
    ],
    [
      'bounce.bouncedRecipients.0.emailAddress',
      { 'bounce.bouncedRecipients': [{ status: '5.1.1' }] },
      /bounce\.bouncedRecipients\.0\.emailAddress: /,
    ],
    [
      'bounce.timestamp',
      { 'bounce.timestamp': '14/03/2026' },
      /SES bounce\.timestamp is not an ISO 8601/,
    ],
    ['bounce', { bounce: 'Permanent' }, /SES event: bounce: /],
  ])('names %s when it is missing or invalid', (_, patch, message) => {
    // Arrange
    const payload = patchedFixture('bounce-permanent', patch);
    // Act
    const act = () => normalizeSes(payload, ctx);
    // Assert
    expect(act).toThrow(MalformedPayloadError);
    expect(act).toThrow(message);
  });

  it('lists every invalid field in one error', () => {
    // Arrange
    const payload = patchedFixture('delivery', {
      'mail.messageId': 7,
      'mail.destination': 'hanako.yamada@example.com',
    });
    // Act
    const act = () => normalizeSes(payload, ctx);
    // Assert
    expect(act).toThrow(/mail\.messageId: .*; mail\.destination: /);
  });
});

describe('normalizeSes event ids', () => {
  it('gives the same input the same event id', () => {
    // Act
    const [first] = normalizeFixture('bounce-permanent');
    const [second] = normalizeFixture('bounce-permanent');
    // Assert
    expect(first?.event_id).toBe(second?.event_id);
  });

  it('gives a different recipient a different event id', () => {
    // Arrange
    const payload = patchedFixture('bounce-permanent', {
      'bounce.bouncedRecipients': [
        { emailAddress: 'no-such-user@example.com' },
        { emailAddress: 'other-user@example.com' },
      ],
    });
    // Act
    const [a, b] = normalizeSes(payload, ctx);
    // Assert
    expect(a?.event_id).not.toBe(b?.event_id);
  });

  it('ignores address case and display names in the event id', () => {
    // Arrange
    const payload = patchedFixture('bounce-permanent', {
      'bounce.bouncedRecipients': [
        { emailAddress: 'No Such <NO-SUCH-USER@example.com>' },
      ],
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    const [plain] = normalizeFixture('bounce-permanent');
    // Assert
    expect(event?.event_id).toBe(plain?.event_id);
  });

  it('gives each delay of the same recipient its own event id', () => {
    // Arrange
    const later = patchedFixture('delivery-delay', {
      'deliveryDelay.timestamp': '2026-03-14T04:20:14.225Z',
    });
    // Act
    const [first] = normalizeFixture('delivery-delay');
    const [second] = normalizeSes(later, ctx);
    // Assert
    expect(first?.event_id).not.toBe(second?.event_id);
  });

  it('does not depend on when or how the event was received', () => {
    // Act
    const [sns] = normalizeFixture('open');
    const [firehose] = normalizeSes(patchedFixture('open', {}), {
      receivedAt: '2026-03-20T00:00:00.000Z',
      source: 'firehose',
    });
    // Assert
    expect(sns?.event_id).toBe(firehose?.event_id);
  });
});

describe('isSesSetupNotice', () => {
  it('recognises the SNS destination validation message', () => {
    // Act
    const notice = isSesSetupNotice(
      'Successfully validated SNS topic for Amazon SES event publishing.\n',
    );
    // Assert
    expect(notice).toBe(true);
  });

  it('does not match an SES event', () => {
    // Act
    const notice = isSesSetupNotice('{"eventType":"Send"}');
    // Assert
    expect(notice).toBe(false);
  });
});
