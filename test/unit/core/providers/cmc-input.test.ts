import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../core/errors';
import { normalizeCmc } from '../../../../core/providers/cmc';
import { EmailEventSchema } from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';
import { ARCHIVE, CTX, delivery, type Json } from './cmc-helpers';

describe('normalizeCmc: list API responses', () => {
  it.each([
    [
      'api-deliveries-list-response.json',
      ['accepted', 'delivered', 'deferred', 'bounced', 'dropped'],
    ],
    ['api-bounces-list-response.json', ['bounced']],
    ['api-blocks-list-response.json', ['unsubscribed', 'unsubscribed']],
  ])('maps %s to %j', (file, types) => {
    const payload = loadFixture('cmc', file);

    const events = normalizeCmc(payload, ARCHIVE);

    expect(events.map((e) => e.event_type)).toStrictEqual(types);
    expect(events.every((e) => e.source === 'archive')).toBe(true);
  });

  it('reads every list present in one response', () => {
    const payload = {
      deliveries: [delivery()],
      bounces: [delivery({ status: '2' })],
      blocks: [{ created: '2026-03-14 08:59:59', email: 'a@example.jp' }],
    };

    const events = normalizeCmc(payload, ARCHIVE);

    expect(events.map((e) => e.provider_event)).toStrictEqual([
      'queued',
      'bounces:2',
      'blocks',
    ]);
  });

  it('gives an archived record the id of the same webhook record', () => {
    const webhook = loadFixture<{ event: Json }>(
      'cmc',
      'webhook-v2-deliveries.json',
    );
    const archived = { deliveries: webhook.event.deliveries };

    const fromArchive = normalizeCmc(archived, ARCHIVE);

    expect(fromArchive.map((e) => e.event_id)).toStrictEqual(
      normalizeCmc(webhook, CTX).map((e) => e.event_id),
    );
  });

  it('tags archived records with apiData only', () => {
    const payload = loadFixture('cmc', 'api-bounces-list-response.json');

    const [event] = normalizeCmc(payload, ARCHIVE);

    expect(event!.tags).toStrictEqual({ api_data: 'ORD-A-20003' });
  });
});

describe('normalizeCmc: timezones', () => {
  const at = (timezone: string | undefined, created: string) =>
    normalizeCmc(
      { deliveries: [delivery({ created })] },
      { ...CTX, timezone },
    )[0]!.occurred_at;

  it('reads created in Asia/Tokyo by default, crossing the UTC day', () => {
    expect(at(undefined, '2026-03-14 08:59:59')).toBe(
      '2026-03-13T23:59:59.000Z',
    );
  });

  it('reads created in an explicit UTC', () => {
    expect(at('UTC', '2026-03-14 08:59:59')).toBe('2026-03-14T08:59:59.000Z');
  });

  it.each([
    ['2026-03-14 08:59:59', '2026-03-14T12:59:59.000Z'],
    ['2026-01-15 08:59:59', '2026-01-15T13:59:59.000Z'],
  ])('reads %s in America/New_York, daylight time included', (created, iso) => {
    expect(at('America/New_York', created)).toBe(iso);
  });

  it('rejects an unknown timezone', () => {
    expect(() => at('Mars/Olympus', '2026-03-14 08:59:59')).toThrow(
      new MalformedPayloadError('unknown timezone: Mars/Olympus'),
    );
  });

  it('changes the event id with the instant, not with the clock text', () => {
    const tokyo = normalizeCmc({ deliveries: [delivery()] }, CTX)[0]!;
    const utc = normalizeCmc(
      { deliveries: [delivery({ created: '2026-03-13 23:59:59' })] },
      { ...CTX, timezone: 'UTC' },
    )[0]!;

    expect(utc.event_id).toBe(tokyo.event_id);
  });
});

describe('normalizeCmc: shapes CMC may add', () => {
  it('maps records of an unknown event_type to unknown', () => {
    const payload = {
      event_type: 'opens',
      event: {
        opens: [delivery({ status: 'opened' }), delivery({ status: '' })],
      },
    };

    const events = normalizeCmc(payload, CTX);

    expect(
      events.map((e) => [e.event_type, e.bounce_type, e.provider_event]),
    ).toStrictEqual([
      ['unknown', null, 'opens:opened'],
      ['unknown', null, 'opens'],
    ]);
  });

  it('returns no events for an empty list', () => {
    const payload = { event_type: 'deliveries', event: '{"deliveries":[]}' };

    expect(normalizeCmc(payload, CTX)).toStrictEqual([]);
  });
});

describe('normalizeCmc: malformed input', () => {
  it.each([
    [null, 'cmc payload must be a JSON object'],
    [[], 'cmc payload must be a JSON object'],
    [{ event: 42 }, 'cmc event must be a JSON object'],
    [{ event: '[1]' }, 'cmc event must be a JSON object'],
    [
      { event_type: 'deliveries', event: {} },
      'cmc event.deliveries must be a list',
    ],
    [{ deliveries: 'x' }, 'cmc deliveries must be a list'],
    [
      { server_composition: 'pro' },
      'cmc payload has no event_type and no deliveries, bounces or blocks list',
    ],
    [{ deliveries: [42] }, 'cmc deliveries[0] must be a JSON object'],
    [
      { deliveries: [delivery(), delivery({ to: '' })] },
      'cmc deliveries[1] has no to or email',
    ],
  ])('rejects %j', (payload, message) => {
    expect(() => normalizeCmc(payload, CTX)).toThrow(
      new MalformedPayloadError(message),
    );
  });

  it('rejects a form-mode event that is not JSON, with the parser message', () => {
    const payload = { event_type: 'deliveries', event: '{"deliveries":[' };

    expect(() => normalizeCmc(payload, CTX)).toThrow(
      /^cmc event is not valid JSON: /,
    );
  });

  it.each([['2026/03/14 11:10:00'], [undefined], [20260314]])(
    'rejects created %j naming the record',
    (created) => {
      const payload = { event: { deliveries: [delivery({ created })] } };

      expect(() => normalizeCmc(payload, CTX)).toThrow(
        /^event\.deliveries\[0\]\.created is not "YYYY-MM-DD HH:MM:SS"/,
      );
    },
  );

  it('throws MalformedPayloadError with reason malformed', () => {
    expect(() => normalizeCmc('deliveries', CTX)).toThrow(
      expect.objectContaining({
        name: 'MalformedPayloadError',
        reason: 'malformed',
      }),
    );
  });
});

describe('normalizeCmc: large batches', () => {
  it('normalizes a 10,000-event batch to 10,000 distinct valid events', () => {
    // Arrange
    const statuses = ['queued', 'succeeded', 'deferred', 'failed'];
    const deliveries = Array.from({ length: 10_000 }, (_, i) =>
      delivery({
        created: `2026-03-14 ${String(10 + (i % 12)).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')}`,
        to: `user${i}@example.jp`,
        messageId: `<m-${i}@app.example.jp>`,
        status: statuses[i % 4],
        reason: i % 4 === 2 ? 'host mx[192.0.2.1] said: 421 4.7.0 later' : '',
      }),
    );
    const payload = { event_type: 'deliveries', event: { deliveries } };

    // Act
    const events = normalizeCmc(payload, CTX);

    // Assert
    expect(events).toHaveLength(10_000);
    for (const event of events) EmailEventSchema.parse(event);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(10_000);
    expect(events.filter((e) => e.event_type === 'deferred')).toHaveLength(
      2_500,
    );
    expect(events[9_999]!.recipient).toBe('user9999@example.jp');
  });
});
