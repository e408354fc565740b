import { describe, expect, it } from 'vitest';
import { eventId } from '../../../core/event-id';
import { normalizeInput } from '../../../core/normalize-input';
import { normalizeMailgun } from '../../../core/providers/mailgun';
import { normalizeSes, TIME_SOURCE_TAG } from '../../../core/providers/ses';
import { transformSesFirehoseEvent } from '../../../core/ses/firehose-batch';
import { splitSesSnsEvent } from '../../../core/ses/sns-batch';
import { stableJson } from '../../../core/stable-json';
import { loadFixture } from '../../helpers/fixtures';

const receivedAt = '2026-03-14T09:00:00.000Z';
type Json = Record<string, unknown>;

/** An SES Send event without mail.timestamp, as some docs examples show. */
function sendWithoutTimestamp(): Json {
  const send = loadFixture<Json>('ses', 'send');
  delete (send.mail as Json).timestamp;
  return send;
}

/** A Mailgun delivered event without `id`, as SDK examples show. */
function mailgunWithoutId(): Json {
  const body = loadFixture<{ 'event-data': Json }>(
    'mailgun',
    'webhook-delivered',
  );
  delete body['event-data'].id;
  return body;
}

describe('Mailgun events without an id', () => {
  it('normalize, with an event_id derived from the whole event', () => {
    // Arrange
    const body = mailgunWithoutId();
    // Act
    const [event] = normalizeMailgun(body, { receivedAt, source: 'webhook' });
    // Assert
    expect(event?.event_id).toBe(
      eventId('mailgun', [
        '',
        event?.occurred_at.slice(0, 10),
        stableJson(body['event-data']),
      ]),
    );
    expect(event?.event_type).toBe('delivered');
  });

  it('get the same id whatever the key order, and another id for other content', () => {
    // Arrange
    const body = mailgunWithoutId();
    const data = body['event-data'] as Json;
    const reordered = Object.fromEntries(Object.entries(data).reverse());
    const other = { ...data, recipient: 'someone.else@example.com' };
    const ctx = { receivedAt, source: 'webhook' } as const;
    // Act
    const id = (d: Json) =>
      normalizeMailgun({ 'event-data': d }, ctx)[0]?.event_id;
    // Assert
    expect(id(reordered)).toBe(id(data));
    expect(id(other)).not.toBe(id(data));
  });
});

describe('SES events without mail.timestamp', () => {
  it('take the SNS Timestamp, and say so in tags', () => {
    // Arrange
    const sns = loadFixture<{ Records: { Sns: Json }[] }>(
      'ses',
      'sns-lambda-event-bounce',
    );
    const record = sns.Records[0]!;
    record.Sns.Message = JSON.stringify(sendWithoutTimestamp());
    record.Sns.Timestamp = '2026-03-14T02:10:01.500Z';
    // Act
    const viaInput = normalizeInput('ses', JSON.stringify(sns), { receivedAt });
    const viaBatch = splitSesSnsEvent(sns, receivedAt).events;
    // Assert
    for (const events of [viaInput, viaBatch]) {
      expect(
        events.map((e) => [e.occurred_at, e.tags?.[TIME_SOURCE_TAG]]),
      ).toStrictEqual([['2026-03-14T02:10:01.500Z', 'sns.Timestamp']]);
    }
  });

  it('take the Firehose arrival time, and say so in tags', () => {
    // Arrange
    const event = loadFixture<{ records: Json[] }>(
      'ses',
      'firehose-transform-lambda-event',
    );
    const record = event.records[0]!;
    record.data = Buffer.from(
      `${JSON.stringify(sendWithoutTimestamp())}\n`,
    ).toString('base64');
    record.approximateArrivalTimestamp = 1773454202000;
    event.records = [record];
    // Act
    const viaInput = normalizeInput('ses', JSON.stringify(event), {
      receivedAt,
    });
    const viaBatch = transformSesFirehoseEvent(event, receivedAt).events;
    // Assert
    for (const events of [viaInput, viaBatch]) {
      expect(
        events.map((e) => [e.occurred_at, e.tags?.[TIME_SOURCE_TAG]]),
      ).toStrictEqual([
        ['2026-03-14T02:10:02.000Z', 'firehose.approximateArrivalTimestamp'],
      ]);
    }
  });

  it('fall back to received_at without an envelope, keeping the other tags', () => {
    // Act
    const [event] = normalizeSes(sendWithoutTimestamp(), {
      receivedAt,
      source: 'sns',
    });
    // Assert
    expect(event?.occurred_at).toBe(receivedAt);
    expect(event?.tags).toMatchObject({ [TIME_SOURCE_TAG]: 'received_at' });
    expect(Object.keys(event?.tags ?? {}).length).toBeGreaterThan(1);
  });

  it('still use a per-type timestamp when the event has one', () => {
    // Arrange
    const bounce = loadFixture<Json>('ses', 'bounce-permanent');
    delete (bounce.mail as Json).timestamp;
    // Act
    const [event] = normalizeSes(bounce, { receivedAt, source: 'sns' });
    // Assert
    expect(event?.occurred_at).toBe(
      normalizeSes(loadFixture('ses', 'bounce-permanent'), {
        receivedAt,
        source: 'sns',
      })[0]?.occurred_at,
    );
    expect(event?.tags?.[TIME_SOURCE_TAG]).toBeUndefined();
  });

  it('ignore an SNS Timestamp that is no ISO time', () => {
    // Arrange
    const sns = loadFixture<{ Records: { Sns: Json }[] }>(
      'ses',
      'sns-lambda-event-bounce',
    );
    sns.Records[0]!.Sns.Message = JSON.stringify(sendWithoutTimestamp());
    sns.Records[0]!.Sns.Timestamp = 'yesterday';
    // Act
    const [event] = normalizeInput('ses', JSON.stringify(sns), { receivedAt });
    // Assert
    expect([event?.occurred_at, event?.tags?.[TIME_SOURCE_TAG]]).toStrictEqual([
      receivedAt,
      'received_at',
    ]);
  });
});
