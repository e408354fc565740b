import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../core/errors';
import { normalizeInput } from '../../../core/normalize-input';
import { EmailEventSchema } from '../../../core/schema';
import { loadFixtureText } from '../../helpers/fixtures';
import {
  blastengineLogRow,
  blastengineWebhook,
  cmcBounce,
  cmcWebhook,
} from '../../helpers/paired-payloads';

const receivedAt = '2026-03-14T03:00:00.000Z';

describe('normalizeInput', () => {
  it('reads an SNS Lambda event as source sns', () => {
    // Act
    const events = normalizeInput(
      'ses',
      loadFixtureText('ses', 'sns-lambda-event-bounce.json'),
      { receivedAt },
    );
    // Assert
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.source === 'sns')).toBe(true);
    expect(events[0]?.event_type).toBe('bounced');
  });

  it('reads Firehose NDJSON as source firehose, one payload per line', () => {
    // Arrange
    const text = loadFixtureText('ses', 'firehose-s3-object.ndjson');
    const lines = text.split('\n').filter((l) => l.trim() !== '').length;
    // Act
    const events = normalizeInput('ses', text, { receivedAt });
    // Assert
    expect(events.length).toBeGreaterThanOrEqual(lines);
    expect(new Set(events.map((e) => e.source))).toStrictEqual(
      new Set(['firehose']),
    );
  });

  it('reads a Firehose transformation event', () => {
    const events = normalizeInput(
      'ses',
      loadFixtureText('ses', 'firehose-transform-lambda-event.json'),
      { receivedAt },
    );
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.source === 'firehose')).toBe(true);
  });

  it('reads a raw SES event and an array of them', () => {
    const one = loadFixtureText('ses', 'delivery.json');
    expect(normalizeInput('ses', one, { receivedAt })).toHaveLength(
      normalizeInput('ses', `[${one}]`, { receivedAt }).length,
    );
  });

  it('reads a CMC form-urlencoded body in the given timezone', () => {
    // Act
    const tokyo = normalizeInput(
      'cmc',
      loadFixtureText('cmc', 'webhook-v2-deliveries.form-urlencoded.txt'),
      { receivedAt, contentType: 'application/x-www-form-urlencoded' },
    );
    const utc = normalizeInput(
      'cmc',
      loadFixtureText('cmc', 'webhook-v2-deliveries.form-urlencoded.txt'),
      { receivedAt, timezone: 'UTC' },
    );
    // Assert
    expect(tokyo[0]?.occurred_at).toBe('2026-03-14T02:10:00.000Z');
    expect(utc[0]?.occurred_at).toBe('2026-03-14T11:10:00.000Z');
  });

  it('unwraps a Mailgun Events API page as source archive', () => {
    const events = normalizeInput(
      'mailgun',
      loadFixtureText('mailgun', 'events-api-page.json'),
      { receivedAt },
    );
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.source === 'archive')).toBe(true);
  });

  it.each([
    [
      'blastengine',
      { data: [blastengineLogRow('a@example.jp', 'DROP', 1)] },
      'archive',
    ],
    ['blastengine', blastengineLogRow('a@example.jp', 'DROP', 1), 'archive'],
    ['blastengine', blastengineWebhook(), 'webhook'],
    ['cmc', { bounces: [cmcBounce()] }, 'archive'],
    ['cmc', cmcWebhook('bounces', [cmcBounce()]), 'webhook'],
  ] as const)('takes a %s body %j as source %s', (provider, body, source) => {
    // Act
    const events = normalizeInput(provider, JSON.stringify(body), {
      receivedAt,
    });
    // Assert
    expect(events.map((e) => e.source)).toStrictEqual([source]);
  });

  it.each(['123', 'null'])(
    'does not take a body %s that is no object for an archive page',
    (body) => {
      // Act / Assert
      expect(() =>
        normalizeInput('blastengine', body, {
          receivedAt,
          contentType: 'application/json',
        }),
      ).toThrow(MalformedPayloadError);
    },
  );

  it('lets the caller override the source', () => {
    const events = normalizeInput(
      'blastengine',
      loadFixtureText('blastengine', 'webhook-softerror.json'),
      { receivedAt, source: 'archive' },
    );
    expect(events.map((e) => e.source)).toStrictEqual(['archive']);
    expect(EmailEventSchema.parse(events[0])).toStrictEqual(events[0]);
  });

  it.each([
    ['', 'input is empty'],
    ['  \n', 'input is empty'],
    ['{"Records": [', 'input is not valid JSON'],
    ['{}\n{bad', 'line 2'],
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => normalizeInput('ses', text, { receivedAt })).toThrow(message);
  });

  it('rejects a webhook body that is not JSON', () => {
    expect(() => normalizeInput('mailgun', '{nope', { receivedAt })).toThrow(
      MalformedPayloadError,
    );
  });

  it('accepts a UTF-8 BOM before the payload', () => {
    const text = loadFixtureText('ses', 'bounce-undetermined.json');
    expect(
      normalizeInput('ses', `\uFEFF${text}`, { receivedAt }),
    ).toStrictEqual(normalizeInput('ses', text, { receivedAt }));
  });

  it('reports a truncated pretty-printed document as truncated JSON, not as NDJSON', () => {
    const text = loadFixtureText('ses', 'bounce-undetermined.json');
    const cut = text.slice(0, Math.floor(text.length / 2));
    expect(() => normalizeInput('ses', cut, { receivedAt })).toThrow(
      /^input is not valid JSON: truncated: the JSON ends at line \d+/,
    );
    expect(() => normalizeInput('mailgun', cut, { receivedAt })).toThrow(
      /body is not valid JSON: truncated/,
    );
  });
});
