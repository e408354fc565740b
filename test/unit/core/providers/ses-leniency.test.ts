import { describe, expect, it } from 'vitest';
import { normalizeSes } from '../../../../core/providers/ses';
import { ctx, normalizeFixture, patchedFixture } from './ses-expected';

describe('normalizeSes leniency', () => {
  it('ignores fields SES adds later', () => {
    // Arrange
    const payload = patchedFixture('bounce-permanent', {
      futureField: { anything: true },
      'bounce.newThing': 'x',
      'mail.newMailField': [1, 2],
    });
    // Act
    const events = normalizeSes(payload, ctx);
    // Assert
    expect(events).toStrictEqual(normalizeFixture('bounce-permanent'));
  });

  it.each([
    ['Reject', 'reject'],
    ['Rendering Failure', 'failure'],
    ['Open', 'open'],
  ])('tolerates a %s without its %s object', (eventType, key) => {
    // Arrange
    const payload = patchedFixture('send', {
      eventType,
      send: undefined,
      [key]: undefined,
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect([event?.occurred_at, event?.diagnostic]).toStrictEqual([
      '2026-03-14T02:10:00.120Z',
      null,
    ]);
  });

  it.each([
    ['has no object of its own', undefined],
    ['has an unusable timestamp', { timestamp: 'yesterday' }],
  ])('times an unknown type that %s at the mail timestamp', (_, detail) => {
    // Arrange
    const payload = patchedFixture('unknown-event-type', {
      eventType: 'Brand New',
      brandNew: detail,
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect([event?.event_type, event?.occurred_at]).toStrictEqual([
      'unknown',
      '2026-03-14T02:30:00.000Z',
    ]);
  });

  it('times an unknown multi-word type by its camelCase object', () => {
    // Arrange
    const payload = patchedFixture('unknown-event-type', {
      eventType: 'Brand New',
      brandNew: { timestamp: '2026-03-14T06:11:00+09:00' },
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect(event?.occurred_at).toBe('2026-03-13T21:11:00.000Z');
  });

  it('keeps a tag whose value is a plain string', () => {
    // Arrange
    const payload = patchedFixture('send', {
      'mail.tags': { campaign: 'spring', multi: ['a', 'b'] },
    });
    // Act
    const [event] = normalizeSes(payload, ctx);
    // Assert
    expect(event?.tags).toStrictEqual({ campaign: 'spring', multi: 'a,b' });
  });

  it('returns no events for the SNS subscription notice', () => {
    // Arrange
    const payload = {
      notificationType: 'AmazonSnsSubscriptionSucceeded',
      message: 'You have successfully subscribed your Amazon SNS topic',
    };
    // Act
    const events = normalizeSes(payload, ctx);
    // Assert
    expect(events).toStrictEqual([]);
  });
});
