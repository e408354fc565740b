import { describe, expect, it } from 'vitest';
import { normalizeInput } from '../../../../core/normalize-input';
import {
  normalizeBlastengine,
  normalizeCmc,
  normalizeMailgun,
} from '../../../../core/providers/index';
import { MATCH_TOLERANCE_SECONDS } from '../../../../core/queries/reconciliation';
import type { EmailEvent } from '../../../../core/schema';
import {
  blastengineLogRow,
  blastengineWebhook,
  cmcBounce,
  cmcDelivery,
  cmcWebhook,
  mailgunItem,
  mailgunPage,
  mailgunWebhook,
} from '../../../helpers/paired-payloads';

const WEBHOOK = {
  receivedAt: '2026-03-14T02:40:00.000Z',
  source: 'webhook' as const,
};
const ARCHIVE = {
  receivedAt: '2026-03-15T00:00:00.000Z',
  source: 'archive' as const,
};

/** The fields that identify an event, without when and how it arrived. */
const identity = (e: EmailEvent) => ({
  event_id: e.event_id,
  event_type: e.event_type,
  recipient: e.recipient,
  occurred_at: e.occurred_at,
  message_id: e.message_id,
});

describe('Mailgun: webhook and Events API share the event id', () => {
  it('gives the webhook and the archive copy of one event the same event_id', () => {
    // Arrange
    const item = mailgunItem(
      '7Kzorn-evTLEMT2-DAUu2w',
      'delivered',
      1773454202.537104,
    );
    // Act
    const [hook] = normalizeMailgun(mailgunWebhook(item), WEBHOOK);
    const [page] = normalizeMailgun(mailgunPage([item]), ARCHIVE);
    // Assert
    expect(identity(page!)).toStrictEqual(identity(hook!));
    expect([hook!.source, page!.source]).toStrictEqual(['webhook', 'archive']);
  });

  it('keeps events with the same id on different days apart (id is unique per day)', () => {
    // Arrange
    const day1 = mailgunItem('same-id', 'delivered', 1773454202.5);
    const day2 = mailgunItem('same-id', 'delivered', 1773454202.5 + 86_400);
    // Act
    const [a] = normalizeMailgun(mailgunWebhook(day1), WEBHOOK);
    const [b] = normalizeMailgun(mailgunPage([day2]), ARCHIVE);
    // Assert
    expect(a!.event_id).not.toBe(b!.event_id);
  });
});

describe('CMC: webhook records and list API rows are the same records', () => {
  it.each([
    ['bounces', cmcBounce()],
    ['deliveries', cmcDelivery()],
  ])(
    'gives a %s record the same event_id from the webhook and the API',
    (list, record) => {
      // Act
      const [hook] = normalizeCmc(cmcWebhook(list, [record]), WEBHOOK);
      const [api] = normalizeCmc({ [list]: [record] }, ARCHIVE);
      // Assert
      expect(identity(api!)).toStrictEqual(identity(hook!));
    },
  );

  it('gives a form-encoded webhook (the default encoding) the same event_id', () => {
    // Arrange
    const record = cmcDelivery('failed');
    const form = new URLSearchParams({
      server_composition: 'pro',
      event_type: 'deliveries',
      event: JSON.stringify({ deliveries: [record] }),
    }).toString();
    // Act
    const [hook] = normalizeInput('cmc', form, {
      ...WEBHOOK,
      contentType: 'application/x-www-form-urlencoded',
    });
    const [api] = normalizeCmc({ deliveries: [record] }, ARCHIVE);
    // Assert
    expect(hook!.event_id).toBe(api!.event_id);
  });

  it('tells statuses of one message apart', () => {
    // Act
    const [queued] = normalizeCmc(
      { deliveries: [cmcDelivery('queued')] },
      ARCHIVE,
    );
    const [done] = normalizeCmc(
      { deliveries: [cmcDelivery('succeeded')] },
      ARCHIVE,
    );
    // Assert
    expect(queued!.event_id).not.toBe(done!.event_id);
  });
});

describe('blastengine: no shared id; matched on delivery, recipient, type and time', () => {
  it('shares delivery_id, recipient and type, within the match tolerance', () => {
    // Act
    const [hook] = normalizeBlastengine(blastengineWebhook(), WEBHOOK);
    const [log] = normalizeBlastengine(
      {
        data: [
          blastengineLogRow('no-such-user@example.jp', 'HARDERROR', 901204),
        ],
      },
      ARCHIVE,
    );
    // Assert: the webhook's datetime and the log's updated_time differ, so
    // the ids do; the ledger matches the copies on these fields instead.
    expect(hook!.event_id).not.toBe(log!.event_id);
    expect([
      hook!.recipient,
      hook!.event_type,
      hook!.tags?.delivery_id,
    ]).toStrictEqual([log!.recipient, log!.event_type, log!.tags?.delivery_id]);
    expect(hook!.message_id).toBeNull();
    const gap = Math.abs(
      Date.parse(hook!.occurred_at) - Date.parse(log!.occurred_at),
    );
    expect(gap).toBe(66_000);
    expect(gap).toBeLessThanOrEqual(MATCH_TOLERANCE_SECONDS * 1000);
  });
});
