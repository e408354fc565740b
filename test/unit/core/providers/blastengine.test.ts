import { describe, expect, it } from 'vitest';
import { eventId } from '../../../../core/event-id';
import { normalizeBlastengine } from '../../../../core/providers/blastengine';
import type { EmailEvent } from '../../../../core/schema';
import { EmailEventSchema } from '../../../../core/schema';
import { listFixtures, loadFixture } from '../../../helpers/fixtures';

const webhookCtx = {
  receivedAt: '2026-03-14T12:00:00.000Z',
  source: 'webhook',
} as const;
const archiveCtx = { ...webhookCtx, source: 'archive' } as const;

const SUBJECT = '【サンプル商店】パスワード再設定のご案内';

const hardError: EmailEvent = {
  schema_version: 1,
  event_id: eventId('blastengine', [
    '48212',
    'no-such-user@example.jp',
    'HARDERROR',
    '2026-03-14T02:30:04.000Z',
    '550',
  ]),
  provider: 'blastengine',
  event_type: 'bounced',
  bounce_type: 'hard',
  occurred_at: '2026-03-14T02:30:04.000Z',
  received_at: '2026-03-14T12:00:00.000Z',
  recipient: 'no-such-user@example.jp',
  recipient_domain: 'example.jp',
  sender: null,
  from_domain: null,
  message_id: null,
  subject: SUBJECT,
  smtp_code: 550,
  smtp_status: null,
  diagnostic: '宛先のメールアドレスがありません',
  provider_event: 'HARDERROR',
  tags: { delivery_id: '48212', 'insert:__customer_id__': 'C-000123' },
  source: 'webhook',
};

describe('normalizeBlastengine fixtures', () => {
  const files = listFixtures('blastengine', /^(webhook-|api-logs-mails-)/);

  it('finds the fixtures', () => {
    expect(files).toContain('webhook-drop.json');
    expect(files).toContain('webhook-batch-mixed.json');
    expect(files).toContain('api-logs-mails-detail.json');
  });

  it.each(files)('normalizes %s to schema-valid events', (file) => {
    // Act
    const events = normalizeBlastengine(
      loadFixture('blastengine', file),
      archiveCtx,
    );

    // Assert
    for (const event of events) {
      expect(EmailEventSchema.parse(event)).toStrictEqual(event);
    }
  });
});

describe('normalizeBlastengine webhook', () => {
  it('maps HARDERROR to a hard bounce with insert codes as tags', () => {
    const body = loadFixture(
      'blastengine',
      'webhook-harderror-with-insert-codes',
    );
    expect(normalizeBlastengine(body, webhookCtx)).toStrictEqual([hardError]);
  });

  it('maps DROP to dropped and keeps "554(errors)" out of smtp_code', () => {
    const body = loadFixture('blastengine', 'webhook-drop');
    expect(normalizeBlastengine(body, webhookCtx)).toStrictEqual([
      {
        ...hardError,
        event_id: eventId('blastengine', [
          '48211',
          'old.user@example.jp',
          'DROP',
          '2026-03-14T02:30:00.000Z',
          '554(errors)',
        ]),
        event_type: 'dropped',
        bounce_type: null,
        occurred_at: '2026-03-14T02:30:00.000Z',
        recipient: 'old.user@example.jp',
        // No SMTP session took place: blastengine's code is kept as a tag.
        smtp_code: null,
        smtp_status: null,
        diagnostic:
          'エラー停止リストに含まれる宛先であるため、配信がドロップされました',
        provider_event: 'DROP',
        tags: { delivery_id: '48211', error_code: '554(errors)' },
      },
    ]);
  });

  it('maps SOFTERROR to deferred', () => {
    const body = loadFixture('blastengine', 'webhook-softerror');
    const [event] = normalizeBlastengine(body, webhookCtx);
    expect([event?.event_type, event?.bounce_type, event?.smtp_code]).toEqual([
      'deferred',
      null,
      452,
    ]);
  });

  it('emits one event per entry of a mixed batch', () => {
    // Arrange
    const body = loadFixture('blastengine', 'webhook-batch-mixed');

    // Act
    const events = normalizeBlastengine(body, webhookCtx);

    // Assert
    expect(
      events.map((e) => [
        e.recipient,
        e.event_type,
        e.bounce_type,
        e.smtp_status,
      ]),
    ).toStrictEqual([
      ['no-such-user@example.jp', 'bounced', 'hard', '5.1.1'],
      ['full-box@example.jp', 'deferred', null, null],
      ['old.user@example.jp', 'dropped', null, null],
    ]);
  });

  it('maps an unknown type to unknown and keeps it as provider_event', () => {
    const body = loadFixture('blastengine', 'webhook-unknown-type');
    const [event] = normalizeBlastengine(body, webhookCtx);
    expect(event).toMatchObject({
      event_type: 'unknown',
      bounce_type: null,
      provider_event: 'BLOCK',
      smtp_code: null,
      diagnostic: null,
    });
  });

  it('derives the same event id for a provider retry', () => {
    const first = normalizeBlastengine(
      loadFixture('blastengine', 'webhook-drop'),
      webhookCtx,
    );
    const retry = normalizeBlastengine(
      loadFixture('blastengine', 'webhook-drop'),
      {
        ...webhookCtx,
        receivedAt: '2026-03-14T12:05:00.000Z',
      },
    );
    expect(retry[0]?.event_id).toBe(first[0]?.event_id);
  });
});
