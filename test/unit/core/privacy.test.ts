import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  pseudonymizeEvent,
  pseudonymizeRecipient,
  withPseudonymizedRecipients,
} from '../../../core/privacy';
import { buildEvent } from '../../../core/providers/common';
import type { EventSink, RawRecord } from '../../../core/raw-record';
import { type EmailEvent, EmailEventSchema } from '../../../core/schema';

const KEY = 'a-key-of-at-least-16-chars';

function sampleEvent(recipient = 'Hanako.Yamada@Example.JP'): EmailEvent {
  return buildEvent(
    {
      provider: 'cmc',
      idParts: ['m1', recipient],
      eventType: 'delivered',
      occurredAt: '2026-03-14T02:10:00.000Z',
      recipient,
      providerEvent: 'succeeded',
    },
    { receivedAt: '2026-03-14T02:10:01.000Z', source: 'webhook' },
  );
}

describe('pseudonymizeRecipient', () => {
  it('returns the keyed HMAC-SHA256 of the lower-cased address', () => {
    // Arrange
    const expected = createHmac('sha256', KEY)
      .update('hanako.yamada@example.jp')
      .digest('hex');
    // Act
    const result = pseudonymizeRecipient(' Hanako.Yamada@Example.JP ', KEY);
    // Assert
    expect(result).toBe(`hmac:${expected}`);
  });

  it('leaves an already pseudonymized value unchanged', () => {
    const once = pseudonymizeRecipient('a@example.com', KEY);
    expect(pseudonymizeRecipient(once, KEY)).toBe(once);
  });

  it('gives different pseudonyms under different keys', () => {
    expect(pseudonymizeRecipient('a@example.com', KEY)).not.toBe(
      pseudonymizeRecipient('a@example.com', `${KEY}-other`),
    );
  });
});

describe('pseudonymizeEvent', () => {
  it('replaces the recipient and keeps the domain and event id', () => {
    // Arrange
    const event = sampleEvent();
    // Act
    const result = pseudonymizeEvent(event, KEY);
    // Assert
    expect(result).toStrictEqual({
      ...event,
      recipient: pseudonymizeRecipient('hanako.yamada@example.jp', KEY),
    });
    expect(result.recipient_domain).toBe('example.jp');
    expect(EmailEventSchema.parse(result)).toStrictEqual(result);
  });
});

describe('withPseudonymizedRecipients', () => {
  function recordingSink(): EventSink & {
    events: EmailEvent[];
    raw: RawRecord[];
  } {
    const events: EmailEvent[] = [];
    const raw: RawRecord[] = [];
    return {
      events,
      raw,
      putEvents: async (e) => {
        events.push(...e);
      },
      putRaw: async (r) => {
        raw.push(...r);
      },
    };
  }

  it('stores no plain address in canonical events', async () => {
    // Arrange
    const inner = recordingSink();
    const sink = withPseudonymizedRecipients(inner, KEY);
    // Act
    await sink.putEvents([sampleEvent(), sampleEvent('b@example.com')]);
    // Assert
    expect(inner.events.map((e) => e.recipient)).toStrictEqual([
      pseudonymizeRecipient('hanako.yamada@example.jp', KEY),
      pseudonymizeRecipient('b@example.com', KEY),
    ]);
  });

  it('passes raw records through unchanged', async () => {
    // Arrange
    const inner = recordingSink();
    const sink = withPseudonymizedRecipients(inner, KEY);
    const record: RawRecord = {
      kind: 'raw',
      provider: 'cmc',
      received_at: '2026-03-14T02:10:01.000Z',
      source: 'webhook',
      reason: null,
      content_type: 'application/json',
      body: '{}',
      body_encoding: 'utf8',
      request_id: 'r1',
    };
    // Act
    await sink.putRaw([record]);
    // Assert
    expect(inner.raw).toStrictEqual([record]);
  });

  it('refuses a key shorter than 16 characters', () => {
    expect(() => withPseudonymizedRecipients(recordingSink(), 'short')).toThrow(
      'at least 16 characters',
    );
  });
});
