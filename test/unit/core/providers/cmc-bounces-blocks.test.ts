import { describe, expect, it } from 'vitest';
import { eventId } from '../../../../core/event-id';
import { normalizeCmc } from '../../../../core/providers/cmc';
import { loadFixture } from '../../../helpers/fixtures';
import { CTX, delivery, mapping, SUBJECT } from './cmc-helpers';

describe('normalizeCmc: bounces', () => {
  it('classifies by the SMTP code in reason, past the host IP and port', () => {
    const payload = loadFixture('cmc', 'webhook-v2-bounces-4xx-5xx.json');

    const events = normalizeCmc(payload, CTX);

    expect(events.map(mapping)).toStrictEqual([
      {
        event_type: 'bounced',
        bounce_type: 'hard',
        provider_event: 'bounces:2',
        smtp_code: 550,
        smtp_status: '5.1.1',
      },
      {
        event_type: 'bounced',
        bounce_type: 'soft',
        provider_event: 'bounces:5',
        smtp_code: 452,
        smtp_status: '4.2.2',
      },
      {
        event_type: 'bounced',
        bounce_type: 'hard',
        provider_event: 'bounces:7',
        smtp_code: 554,
        smtp_status: '5.7.1',
      },
      {
        event_type: 'bounced',
        bounce_type: 'soft',
        provider_event: 'bounces:3',
        smtp_code: null,
        smtp_status: null,
      },
    ]);
  });

  it('drops blocked and unsubscribed addresses and falls back on status', () => {
    const payload = loadFixture(
      'cmc',
      'webhook-v2-bounces-suppressed-and-unlisted.json',
    );

    const events = normalizeCmc(payload, CTX);

    expect(
      events.map((e) => [e.event_type, e.bounce_type, e.provider_event]),
    ).toStrictEqual([
      ['dropped', null, 'bounces:10'],
      ['dropped', null, 'bounces:11'],
      ['bounced', 'hard', 'bounces:99'],
      ['bounced', 'undetermined', 'bounces:12'],
    ]);
  });

  it('falls back on status when reason holds a code that is no failure', () => {
    const payload = {
      bounces: [delivery({ status: 3, reason: '250 2.0.0 Ok, then timeout' })],
    };

    const [event] = normalizeCmc(payload, CTX);

    expect(mapping(event!)).toStrictEqual({
      event_type: 'bounced',
      bounce_type: 'soft',
      provider_event: 'bounces:3',
      smtp_code: 250,
      smtp_status: '2.0.0',
    });
  });

  it('maps the bounces webhook fixture to a hand-checked hard bounce', () => {
    const payload = loadFixture('cmc', 'webhook-v2-bounces.json');
    const messageId = '0a1b2c3d-0003-4000-8000-000000000003@app.example.jp';

    const [event] = normalizeCmc(payload, CTX);

    expect(event).toStrictEqual({
      schema_version: 1,
      event_id: eventId('cmc', [
        messageId,
        'no-such-user@example.jp',
        '2',
        '2026-03-14T02:20:05.000Z',
      ]),
      provider: 'cmc',
      event_type: 'bounced',
      bounce_type: 'hard',
      occurred_at: '2026-03-14T02:20:05.000Z',
      received_at: '2026-03-14T03:00:00.000Z',
      recipient: 'no-such-user@example.jp',
      recipient_domain: 'example.jp',
      sender: 'bounce@return.example.jp',
      from_domain: 'return.example.jp',
      message_id: messageId,
      subject: SUBJECT,
      smtp_code: 550,
      smtp_status: '5.1.1',
      diagnostic:
        '550 5.1.1 <no-such-user@example.jp>: Recipient address rejected: User unknown',
      provider_event: 'bounces:2',
      tags: { api_data: 'ORD-A-20003', server_composition: 'pro' },
      source: 'webhook',
    });
  });
});

describe('normalizeCmc: blocks', () => {
  it('maps a block-list entry to unsubscribed', () => {
    const payload = loadFixture('cmc', 'webhook-v2-blocks.UNCONFIRMED.json');

    const events = normalizeCmc(payload, CTX);

    expect(events).toStrictEqual([
      {
        schema_version: 1,
        event_id: eventId('cmc', [
          'cmcblk0001abcd',
          'no-such-user@example.jp',
          '2',
          '2026-03-14T02:25:00.000Z',
        ]),
        provider: 'cmc',
        event_type: 'unsubscribed',
        bounce_type: null,
        occurred_at: '2026-03-14T02:25:00.000Z',
        received_at: '2026-03-14T03:00:00.000Z',
        recipient: 'no-such-user@example.jp',
        recipient_domain: 'example.jp',
        sender: null,
        from_domain: null,
        message_id: null,
        subject: null,
        smtp_code: null,
        smtp_status: null,
        diagnostic: null,
        provider_event: 'blocks:2',
        tags: { server_composition: 'pro' },
        source: 'webhook',
      },
    ]);
  });

  it('maps registered to unsubscribed and other words to unknown', () => {
    const payload = loadFixture(
      'cmc',
      'webhook-v2-blocks-registered-and-removed.json',
    );

    const events = normalizeCmc(payload, CTX);

    expect(
      events.map((e) => [e.recipient, e.event_type, e.provider_event]),
    ).toStrictEqual([
      ['gone@example.org', 'unsubscribed', 'blocks:registered'],
      ['back@example.org', 'unknown', 'blocks:removed'],
    ]);
  });
});
