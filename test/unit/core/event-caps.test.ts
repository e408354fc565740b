import { describe, expect, it } from 'vitest';
import {
  capEvent,
  capText,
  EVENT_TEXT_CAPS,
  MAX_EVENT_JSON_BYTES,
  MAX_TAGS,
} from '../../../core/event-caps';
import { NORMALIZERS } from '../../../core/providers/index';
import { type EmailEvent, EmailEventSchema } from '../../../core/schema';

/** Firehose's per-record limit (1,000 KiB), which no event may exceed. */
const FIREHOSE_RECORD_BYTES = 1000 * 1024;

const EVENT: EmailEvent = {
  schema_version: 1,
  event_id: '0123456789abcdef0123456789abcdef',
  provider: 'mailgun',
  event_type: 'delivered',
  bounce_type: null,
  occurred_at: '2026-03-14T02:20:00.000Z',
  received_at: '2026-03-14T02:20:01.000Z',
  recipient: 'to@example.jp',
  recipient_domain: 'example.jp',
  sender: 'from@example.com',
  from_domain: 'example.com',
  message_id: 'm-1',
  subject: 'hello',
  smtp_code: 250,
  smtp_status: '2.0.0',
  diagnostic: null,
  provider_event: 'delivered',
  tags: { a: '1' },
  source: 'webhook',
};

// The worst a sender can write: every unit escapes to 6 JSON bytes.
const worst = (n: number): string => '\u0001'.repeat(n);

describe('capText', () => {
  it('keeps short text and marks cut text with …', () => {
    expect(capText('abc', 3)).toBe('abc');
    expect(capText('abcd', 3)).toBe('ab…');
    expect(capText('a😀😀', 4)).toBe('a😀…');
    expect(capText('a😀😀', 3)).toBe('a…');
  });
});

describe('capEvent', () => {
  it('returns an event within the caps unchanged (the same object)', () => {
    expect(capEvent(EVENT)).toBe(EVENT);
    expect(
      capEvent({ ...EVENT, sender: null, from_domain: null, tags: null }),
    ).toStrictEqual({ ...EVENT, sender: null, from_domain: null, tags: null });
  });

  it('caps every free-text field and the tags', () => {
    // Arrange
    const huge = worst(2_000_000);
    const tags = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [
        `${i}${huge.slice(0, 300)}`,
        huge,
      ]),
    );
    const event: EmailEvent = {
      ...EVENT,
      recipient: `${huge}@example.jp`,
      recipient_domain: huge,
      sender: huge,
      from_domain: huge,
      message_id: huge,
      subject: huge,
      diagnostic: huge,
      provider_event: huge,
      smtp_status: huge,
      tags,
    };

    // Act
    const capped = capEvent(event);
    const bytes = Buffer.byteLength(JSON.stringify(capped));

    // Assert
    expect(capped.subject).toHaveLength(EVENT_TEXT_CAPS.subject);
    expect(capped.diagnostic).toHaveLength(EVENT_TEXT_CAPS.diagnostic);
    expect(capped.recipient).toHaveLength(EVENT_TEXT_CAPS.recipient);
    expect(Object.keys(capped.tags!)).toHaveLength(MAX_TAGS);
    expect(bytes).toBeLessThanOrEqual(MAX_EVENT_JSON_BYTES);
    expect(EmailEventSchema.safeParse(capped).success).toBe(true);
  });

  it('keeps the first of two long tag keys that cut to the same prefix', () => {
    const long = 'k'.repeat(EVENT_TEXT_CAPS.tagKey + 10);
    const capped = capEvent({
      ...EVENT,
      tags: { [`${long}1`]: 'first', [`${long}2`]: 'second' },
    });
    expect(Object.values(capped.tags!)).toStrictEqual(['first']);
  });

  it.each([
    ['subject', { subject: 'x'.repeat(EVENT_TEXT_CAPS.subject + 1) }],
    ['from_domain', { from_domain: 'x'.repeat(EVENT_TEXT_CAPS.sender + 1) }],
    [
      'tag count',
      {
        tags: Object.fromEntries(
          Array.from({ length: MAX_TAGS + 1 }, (_, i) => [`k${i}`, 'v']),
        ),
      },
    ],
    ['tag value', { tags: { k: 'v'.repeat(EVENT_TEXT_CAPS.tagValue + 1) } }],
  ])('caps an event over the %s cap alone', (_, over) => {
    expect(capEvent({ ...EVENT, ...over })).not.toBe(EVENT);
  });

  it('bounds every capped event under the Firehose record limit', () => {
    expect(MAX_EVENT_JSON_BYTES).toBeLessThan(FIREHOSE_RECORD_BYTES);
  });
});

describe('every normalizer caps through buildEvent', () => {
  it.each([
    [
      'mailgun',
      {
        'event-data': {
          id: 'e1',
          event: 'failed',
          severity: 'permanent',
          timestamp: 1773454200,
          recipient: 'to@example.jp',
          message: { headers: { subject: worst(300_000) } },
          'delivery-status': { description: worst(300_000), code: 550 },
          'user-variables': Object.fromEntries(
            Array.from({ length: 500 }, (_, i) => [`v${i}`, worst(5000)]),
          ),
        },
      },
    ],
    [
      'blastengine',
      {
        events: [
          {
            event: {
              type: 'HARDERROR',
              datetime: '2026-03-14T11:31:10+09:00',
              detail: {
                mailaddress: 'to@example.jp',
                subject: worst(300_000),
                error_message: worst(300_000),
              },
            },
          },
        ],
      },
    ],
  ] as const)('%s', (provider, payload) => {
    // Act
    const events = NORMALIZERS[provider](payload, {
      receivedAt: '2026-03-14T02:20:01.000Z',
      source: 'webhook',
    });

    // Assert
    expect(events).toHaveLength(1);
    const bytes = Buffer.byteLength(JSON.stringify(events[0]));
    expect(bytes).toBeLessThanOrEqual(MAX_EVENT_JSON_BYTES);
    expect(events[0]!.subject).toHaveLength(EVENT_TEXT_CAPS.subject);
  });
});
