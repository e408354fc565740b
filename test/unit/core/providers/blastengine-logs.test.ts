import { describe, expect, it } from 'vitest';
import { eventId } from '../../../../core/event-id';
import { normalizeBlastengine } from '../../../../core/providers/blastengine';
import type { EmailEvent } from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';

const archiveCtx = {
  receivedAt: '2026-03-14T12:00:00.000Z',
  source: 'archive',
} as const;

const hardErrorRow: EmailEvent = {
  schema_version: 1,
  event_id: eventId('blastengine', [
    '901204',
    'HARDERROR',
    '2026-03-14T02:31:10.000Z',
  ]),
  provider: 'blastengine',
  event_type: 'bounced',
  bounce_type: 'hard',
  occurred_at: '2026-03-14T02:31:10.000Z',
  received_at: '2026-03-14T12:00:00.000Z',
  recipient: 'no-such-user@example.jp',
  recipient_domain: 'example.jp',
  sender: null,
  from_domain: null,
  message_id: null,
  subject: null,
  smtp_code: 550,
  smtp_status: '5.1.1',
  diagnostic: '5.1.1 User unknown',
  provider_event: 'HARDERROR',
  tags: {
    delivery_id: '48212',
    maillog_id: '901204',
    delivery_type: 'TRANSACTION',
  },
  source: 'archive',
};

describe('normalizeBlastengine log rows', () => {
  it('maps a HARDERROR row of a results page to a hard bounce', () => {
    const page = loadFixture('blastengine', 'api-logs-mails-results-page1');
    const events = normalizeBlastengine(page, archiveCtx);
    expect(events[1]).toStrictEqual(hardErrorRow);
  });

  it('reads a single log row like the same row of a page', () => {
    const row = loadFixture('blastengine', 'api-logs-mails-detail');
    expect(normalizeBlastengine(row, archiveCtx)).toStrictEqual([hardErrorRow]);
  });

  it.each([
    ['api-logs-mails-results-page1', ['deferred', 'bounced', 'dropped']],
    [
      'api-logs-mails-results-page2-anchor-901203',
      ['delivered', 'opened', 'deferred'],
    ],
    ['api-logs-mails-results-empty', []],
  ])('maps the statuses of %s', (name, types) => {
    const page = loadFixture('blastengine', name);
    const events = normalizeBlastengine(page, archiveCtx);
    expect(events.map((e) => e.event_type)).toStrictEqual(types);
  });

  it('adds an opened event at open_time for an opened row', () => {
    // Arrange
    const page = loadFixture(
      'blastengine',
      'api-logs-mails-results-page2-anchor-901203',
    );

    // Act
    const [delivered, opened] = normalizeBlastengine(page, archiveCtx);

    // Assert
    expect(delivered).toMatchObject({
      occurred_at: '2026-03-14T02:31:10.000Z',
      smtp_code: 250,
      smtp_status: '2.0.0',
    });
    expect(opened).toStrictEqual({
      ...hardErrorRow,
      event_id: eventId('blastengine', [
        '901202',
        'open_time',
        '2026-03-14T03:05:41.000Z',
      ]),
      event_type: 'opened',
      bounce_type: null,
      occurred_at: '2026-03-14T03:05:41.000Z',
      recipient: 'hanako.yamada@example.jp',
      smtp_code: null,
      smtp_status: null,
      diagnostic: null,
      provider_event: 'open_time',
      tags: {
        delivery_id: '48210',
        maillog_id: '901202',
        delivery_type: 'TRANSACTION',
      },
    });
  });
});
