import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../core/errors';
import { normalizeMailgun } from '../../../../core/providers/mailgun';
import { loadFixture } from '../../../helpers/fixtures';
import { type Body, bounceData, ctx, normalizeOne } from './mailgun-bounce';

describe('normalizeMailgun payload shapes', () => {
  it('reads a bare Events API item like the webhook event-data', () => {
    // Arrange
    const body = loadFixture<Body>(
      'mailgun',
      'webhook-failed-permanent-bounce',
    );

    // Act
    const bare = normalizeMailgun(body['event-data'], ctx);

    // Assert
    expect(bare).toStrictEqual(normalizeMailgun(body, ctx));
  });

  it('gives an Events API page the event ids of the same webhooks', () => {
    // Arrange
    const webhooks = [
      'webhook-accepted',
      'webhook-delivered',
      'webhook-failed-temporary-espblock',
    ].flatMap((name) => normalizeMailgun(loadFixture('mailgun', name), ctx));

    // Act
    const page = normalizeMailgun(
      loadFixture('mailgun', 'events-api-page'),
      ctx,
    );

    // Assert
    expect(page).toStrictEqual(webhooks);
  });

  it('returns no events for an empty Events API page', () => {
    const page = loadFixture('mailgun', 'events-api-page-empty');
    expect(normalizeMailgun(page, ctx)).toStrictEqual([]);
  });

  it('derives a different event id for the same Mailgun id on another day', () => {
    const today = normalizeOne(bounceData());
    const tomorrow = normalizeOne(
      bounceData((d) => {
        d.timestamp = (d.timestamp as number) + 86_400;
      }),
    );
    expect(tomorrow.event_id).not.toBe(today.event_id);
  });
});
describe('normalizeMailgun malformed input', () => {
  it.each([
    ['a string payload', 'x', 'mailgun payload must be a JSON object'],
    ['an array payload', [], 'mailgun payload must be a JSON object'],
    [
      'event-data that is an array',
      { 'event-data': [] },
      'mailgun event-data must be a JSON object',
    ],
    ['items that is no array', { items: {} }, 'mailgun items must be an array'],
    [
      'an item without recipient',
      { items: [bounceData((d) => delete d.recipient)] },
      'mailgun items[0].recipient must be a non-empty string (it is missing)',
    ],
    [
      'a numeric event',
      bounceData((d) => {
        d.event = 3;
      }),
      'mailgun event.event must be a non-empty string (it is a number)',
    ],
    [
      'a timestamp that is no number',
      bounceData((d) => {
        d.timestamp = 'yesterday';
      }),
      'mailgun event.timestamp is not epoch seconds: "yesterday"',
    ],
  ])('rejects %s', (_case, payload, message) => {
    expect(() => normalizeMailgun(payload, ctx)).toThrow(
      new MalformedPayloadError(message),
    );
  });

  it('throws MalformedPayloadError', () => {
    expect(() => normalizeMailgun(null, ctx)).toThrow(MalformedPayloadError);
  });
});
