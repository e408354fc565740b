import { describe, expect, it } from 'vitest';
import { eventId } from '../../../../core/event-id';
import { normalizeCmc } from '../../../../core/providers/cmc';
import { EmailEventSchema } from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';
import {
  CTX,
  cmcFixtureFiles,
  decodeCmcFixture,
  delivery,
  mapping,
  SUBJECT,
} from './cmc-helpers';

describe('normalizeCmc: every fixture', () => {
  it.each(cmcFixtureFiles())('normalizes %s to valid events', (file) => {
    // Arrange
    const payload = decodeCmcFixture(file);

    // Act
    const events = normalizeCmc(payload, CTX);

    // Assert
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) EmailEventSchema.parse(event);
  });
});

describe('normalizeCmc: deliveries', () => {
  it('maps a JSON-mode webhook to hand-checked events', () => {
    // Arrange
    const payload = loadFixture('cmc', 'webhook-v2-deliveries.json');
    const messageId = '7c1e2a90-5b3d-4e8f-a1c2-3d4e5f607182@app.example.jp';
    const common = {
      schema_version: 1,
      provider: 'cmc',
      bounce_type: null,
      received_at: '2026-03-14T03:00:00.000Z',
      recipient: 'hanako.yamada@example.jp',
      recipient_domain: 'example.jp',
      sender: 'bounce@return.example.jp',
      from_domain: 'return.example.jp',
      message_id: messageId,
      subject: SUBJECT,
      smtp_code: null,
      smtp_status: null,
      diagnostic: null,
      tags: { api_data: 'ORD-A-10293', server_composition: 'pro' },
      source: 'webhook',
    };

    // Act
    const events = normalizeCmc(payload, CTX);

    // Assert
    expect(events).toStrictEqual([
      {
        ...common,
        event_id: eventId('cmc', [
          messageId,
          'hanako.yamada@example.jp',
          'queued',
          '2026-03-14T02:10:00.000Z',
        ]),
        event_type: 'accepted',
        occurred_at: '2026-03-14T02:10:00.000Z',
        provider_event: 'queued',
      },
      {
        ...common,
        event_id: eventId('cmc', [
          messageId,
          'hanako.yamada@example.jp',
          'succeeded',
          '2026-03-14T02:10:01.000Z',
        ]),
        event_type: 'delivered',
        occurred_at: '2026-03-14T02:10:01.000Z',
        provider_event: 'succeeded',
      },
    ]);
  });

  it('reads a form-mode body, where event is a JSON string, the same way', () => {
    // Arrange
    const form = decodeCmcFixture('webhook-v2-deliveries.form-urlencoded.txt');
    const json = loadFixture('cmc', 'webhook-v2-deliveries.json');

    // Act
    const fromForm = normalizeCmc(form, CTX);

    // Assert
    expect(fromForm).toStrictEqual(normalizeCmc(json, CTX));
  });

  it('maps queued, succeeded, deferred, failed and suppressed in one batch', () => {
    const payload = loadFixture(
      'cmc',
      'webhook-v2-deliveries-mixed-statuses.json',
    );

    const events = normalizeCmc(payload, CTX);

    expect(events.map(mapping)).toStrictEqual([
      {
        event_type: 'accepted',
        bounce_type: null,
        provider_event: 'queued',
        smtp_code: null,
        smtp_status: null,
      },
      {
        event_type: 'delivered',
        bounce_type: null,
        provider_event: 'succeeded',
        smtp_code: null,
        smtp_status: null,
      },
      {
        event_type: 'deferred',
        bounce_type: null,
        provider_event: 'deferred',
        smtp_code: 450,
        smtp_status: '4.2.1',
      },
      {
        event_type: 'bounced',
        bounce_type: 'hard',
        provider_event: 'failed',
        smtp_code: 550,
        smtp_status: '5.1.1',
      },
      {
        event_type: 'dropped',
        bounce_type: null,
        provider_event: 'failed',
        smtp_code: null,
        smtp_status: null,
      },
    ]);
  });

  it('maps a failed send to a suppressed address to a dropped event', () => {
    const payload = loadFixture(
      'cmc',
      'webhook-v2-deliveries-mixed-statuses.json',
    );
    const messageId = '5d0c1a2b-0104-4000-8000-000000000104@app.example.jp';

    const suppressed = normalizeCmc(payload, CTX)[4];

    expect(suppressed).toStrictEqual({
      schema_version: 1,
      event_id: eventId('cmc', [
        messageId,
        'blocked@example.jp',
        'failed',
        '2026-03-14T00:00:05.000Z',
      ]),
      provider: 'cmc',
      event_type: 'dropped',
      bounce_type: null,
      occurred_at: '2026-03-14T00:00:05.000Z',
      received_at: '2026-03-14T03:00:00.000Z',
      recipient: 'blocked@example.jp',
      recipient_domain: 'example.jp',
      sender: 'bounce@return.example.jp',
      from_domain: 'return.example.jp',
      message_id: messageId,
      subject: '【サンプル商店】発送のお知らせ',
      smtp_code: null,
      smtp_status: null,
      diagnostic:
        'Recipient address <blocked@example.jp> is suppressed to send mail. (in reply to RCPT TO)',
      provider_event: 'failed',
      tags: { server_composition: 'pro' },
      source: 'webhook',
    });
  });

  it('lower-cases the recipient and keeps the reason as diagnostic', () => {
    const payload = loadFixture(
      'cmc',
      'webhook-v2-deliveries-mixed-statuses.json',
    );

    const [queued, , deferred] = normalizeCmc(payload, CTX);

    expect(queued!.recipient).toBe('ichiro.sato@example.jp');
    expect(deferred!.diagnostic).toBe(
      'host mx.example.net[203.0.113.50] said: 450 4.2.1 Mailbox busy, try again later (in reply to RCPT TO command)',
    );
  });

  it('reads reply codes right past the reason cache limit (1,024 texts)', () => {
    const deliveries = Array.from({ length: 1100 }, (_, i) =>
      delivery({
        status: 'failed',
        reason: `${i % 2 ? 550 : 554} 5.1.${i % 10} user ${i} unknown`,
      }),
    );
    // The first reasons again, after the cache was cleared once.
    deliveries.push(...deliveries.slice(0, 3));

    const events = normalizeCmc({ event: { deliveries } }, CTX);

    expect(events).toHaveLength(1103);
    events.forEach((e, n) => {
      const i = n % 1100;
      expect([e.smtp_code, e.smtp_status]).toStrictEqual([
        i % 2 ? 550 : 554,
        `5.1.${i % 10}`,
      ]);
    });
  });

  it('maps an unrecognised status to unknown and keeps it', () => {
    const payload = loadFixture(
      'cmc',
      'webhook-v2-deliveries-unknown-status.json',
    );

    const [event] = normalizeCmc(payload, CTX);

    expect(mapping(event!)).toStrictEqual({
      event_type: 'unknown',
      bounce_type: null,
      provider_event: 'expired',
      smtp_code: null,
      smtp_status: null,
    });
  });

  it('names the list as provider_event when status is missing', () => {
    const payload = { deliveries: [delivery({ status: undefined })] };

    const [event] = normalizeCmc(payload, CTX);

    expect([event!.event_type, event!.provider_event]).toStrictEqual([
      'unknown',
      'deliveries',
    ]);
  });

  it('takes the header from as sender when returnPath is empty', () => {
    const payload = { deliveries: [delivery({ returnPath: '' })] };

    const [event] = normalizeCmc(payload, CTX);

    expect([event!.sender, event!.from_domain]).toStrictEqual([
      'info@example.jp',
      'example.jp',
    ]);
  });

  it('leaves tags null when there is no apiData and no server_composition', () => {
    const [event] = normalizeCmc({ deliveries: [delivery()] }, CTX);

    expect(event!.tags).toBeNull();
  });
});
