import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../core/errors';
import { normalizeBlastengine } from '../../../../core/providers/blastengine';
import type { EmailEvent } from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';

type Json = Record<string, unknown>;
type Webhook = { events: { event: Json & { detail: Json } }[] };

const ctx = {
  receivedAt: '2026-03-14T12:00:00.000Z',
  source: 'webhook',
} as const;

/** A fresh HARDERROR webhook body, edited by one field per test. */
function webhook(edit: (event: Json & { detail: Json }) => void = () => {}) {
  const body = loadFixture<Webhook>(
    'blastengine',
    'webhook-harderror-with-insert-codes',
  );
  edit(body.events[0]!.event);
  return body;
}

/** A fresh HARDERROR log row, edited by one field per test. */
function row(edit: (row: Json) => void = () => {}): Json {
  const log = loadFixture<Json>('blastengine', 'api-logs-mails-detail');
  edit(log);
  return log;
}

function one(payload: unknown): EmailEvent {
  const [event] = normalizeBlastengine(payload, ctx);
  return event!;
}

describe('normalizeBlastengine webhook fields', () => {
  it('reads insert codes given as a key/value object', () => {
    const event = one(
      webhook((e) => {
        e.detail.insert_codes = { __name__: '山田', __rank__: 3 };
      }),
    );
    expect(event.tags).toStrictEqual({
      delivery_id: '48212',
      'insert:__name__': '山田',
      'insert:__rank__': '3',
    });
  });

  it('skips insert codes without a key and empties missing values', () => {
    const event = one(
      webhook((e) => {
        e.detail.insert_codes = [{ key: '__a__' }, { value: 'x' }, 'junk'];
      }),
    );
    expect(event.tags).toStrictEqual({
      delivery_id: '48212',
      'insert:__a__': '',
    });
  });

  it('ignores insert codes that are neither array nor object', () => {
    const event = one(
      webhook((e) => {
        e.detail.insert_codes = 'x';
      }),
    );
    expect(event.tags).toStrictEqual({ delivery_id: '48212' });
  });

  it('accepts a string delivery_id', () => {
    const event = one(
      webhook((e) => {
        e.detail.delivery_id = 'D-9';
      }),
    );
    expect(event.tags?.delivery_id).toBe('D-9');
  });

  it('leaves tags and subject null when absent', () => {
    const event = one(
      webhook((e) => {
        delete e.detail.delivery_id;
        delete e.detail.insert_codes;
        e.detail.subject = null;
      }),
    );
    expect([event.tags, event.subject]).toStrictEqual([null, null]);
  });
});

describe('normalizeBlastengine log row fields', () => {
  it('falls back to delivery_time without updated_time', () => {
    const event = one(row((r) => delete r.updated_time));
    expect(event.occurred_at).toBe('2026-03-14T02:30:00.000Z');
  });

  it('maps an unknown status to unknown', () => {
    const event = one(
      row((r) => {
        r.status = 'ARCHIVED';
      }),
    );
    expect([event.event_type, event.provider_event]).toStrictEqual([
      'unknown',
      'ARCHIVED',
    ]);
  });

  it('accepts a string maillog_id and keeps only the tags present', () => {
    const event = one(
      row((r) => {
        r.maillog_id = '77';
        delete r.delivery_id;
        delete r.delivery_type;
      }),
    );
    expect(event.tags).toStrictEqual({ maillog_id: '77' });
  });
});

describe('normalizeBlastengine malformed input', () => {
  it.each([
    ['a non-object payload', 'x', 'blastengine payload must be a JSON object'],
    [
      'an unrecognised object',
      { hello: 1 },
      'blastengine payload has none of events[], data[] or maillog_id',
    ],
    [
      'events that is no array',
      { events: {} },
      'blastengine events must be an array',
    ],
    ['data that is no array', { data: 1 }, 'blastengine data must be an array'],
    [
      'an event entry that is no object',
      { events: [1] },
      'blastengine events[0] must be a JSON object',
    ],
    [
      'an entry without event',
      { events: [{}] },
      'blastengine events[0].event must be a JSON object',
    ],
    [
      'an event without type',
      webhook((e) => delete e.type),
      'blastengine events[0].event.type must be a non-empty string (it is missing)',
    ],
    [
      'an event without detail',
      webhook((e) => delete (e as Json).detail),
      'blastengine events[0].event.detail must be a JSON object',
    ],
    [
      'a detail without mailaddress',
      webhook((e) => delete e.detail.mailaddress),
      'blastengine events[0].event.detail.mailaddress must be a non-empty string (it is missing)',
    ],
    [
      'a datetime without offset',
      webhook((e) => {
        e.datetime = '2026-03-14 11:30:04';
      }),
      'blastengine events[0].event.datetime is not an ISO 8601 timestamp with offset: "2026-03-14 11:30:04"',
    ],
    [
      'a row without maillog_id',
      { data: [row((r) => (r.maillog_id = null))] },
      'blastengine data[0].maillog_id must be a number or non-empty string',
    ],
    [
      'a row without email',
      row((r) => delete r.email),
      'blastengine log.email must be a non-empty string (it is missing)',
    ],
    [
      'a row with a numeric status',
      row((r) => (r.status = 3)),
      'blastengine log.status must be a non-empty string (it is a number)',
    ],
    [
      'a row with a bad open_time',
      row((r) => (r.open_time = 'soon')),
      'blastengine log.open_time is not an ISO 8601 timestamp with offset: "soon"',
    ],
  ])('rejects %s', (_case, payload, message) => {
    expect(() => normalizeBlastengine(payload, ctx)).toThrow(
      new MalformedPayloadError(message),
    );
  });

  it('throws MalformedPayloadError', () => {
    expect(() => normalizeBlastengine(null, ctx)).toThrow(
      MalformedPayloadError,
    );
  });
});
