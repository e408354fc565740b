import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../core/raw-record';
import { normalizeRawRecord, parseRawRecord } from '../../../core/raw-replay';
import { mailgunItem, mailgunWebhook } from '../../helpers/paired-payloads';

const RECORD: RawRecord = {
  kind: 'raw',
  provider: 'mailgun',
  received_at: '2026-03-14T02:40:00.000Z',
  source: 'webhook',
  reason: null,
  content_type: 'application/json',
  body: JSON.stringify(
    mailgunWebhook(mailgunItem('mg-1', 'delivered', 1773454202.5)),
  ),
  body_encoding: 'utf8',
  request_id: 'req-1',
};
const OPTIONS = { receivedAt: '2026-11-25T21:00:00.000Z' };

describe('parseRawRecord', () => {
  it('reads back a record as the lake stores it', () => {
    // Act / Assert
    expect(parseRawRecord(JSON.stringify(RECORD))).toStrictEqual(RECORD);
  });

  it('names the fields that are wrong', () => {
    // Act / Assert
    expect(() =>
      parseRawRecord(JSON.stringify({ ...RECORD, provider: 'x', body: 1 })),
    ).toThrow('raw record has invalid fields: provider, body');
    expect(() => parseRawRecord('[]')).toThrow(
      'raw record has invalid fields: (root)',
    );
  });

  it('says when a line is not JSON', () => {
    // Act / Assert
    expect(() => parseRawRecord('{"kind":')).toThrow(
      /^raw record is not JSON: /,
    );
  });
});

describe('normalizeRawRecord', () => {
  it('derives the events again with the original source and a new received_at', () => {
    // Act
    const [event] = normalizeRawRecord(RECORD, OPTIONS);
    // Assert
    expect(event).toMatchObject({
      provider: 'mailgun',
      source: 'webhook',
      received_at: OPTIONS.receivedAt,
      occurred_at: '2026-03-14T02:10:02.500Z',
    });
  });

  it('reads form bodies with the stored content type and CMC times in the given zone', () => {
    // Arrange
    const body = new URLSearchParams({
      event_type: 'deliveries',
      event: JSON.stringify({
        deliveries: [
          {
            created: '2026-03-14 11:10:01',
            to: 'a@example.jp',
            status: 'succeeded',
            messageId: '<m@x>',
          },
        ],
      }),
    }).toString();
    const record: RawRecord = {
      ...RECORD,
      provider: 'cmc',
      content_type: 'application/x-www-form-urlencoded',
      body,
    };
    // Act
    const [utc] = normalizeRawRecord(record, { ...OPTIONS, timezone: 'UTC' });
    const [tokyo] = normalizeRawRecord(
      { ...record, content_type: null },
      OPTIONS,
    );
    // Assert
    expect(utc!.occurred_at).toBe('2026-03-14T11:10:01.000Z');
    expect(tokyo!.occurred_at).toBe('2026-03-14T02:10:01.000Z');
  });

  it.each([
    [{ kind: 'rejected' as const }, 'a rejected record is not replayed'],
    [{ body_encoding: 'base64' as const }, 'raw body is not UTF-8 text'],
    [{ body: '{"signature":{}}' }, 'mailgun'],
  ])('throws a clear error for %j', (change, message) => {
    // Act / Assert
    expect(() => normalizeRawRecord({ ...RECORD, ...change }, OPTIONS)).toThrow(
      message,
    );
  });
});
