import { buildEvent } from '../../core/providers/common';
import { NORMALIZERS } from '../../core/providers/index';
import type { EmailEvent, Provider, Source } from '../../core/schema';
import { loadFixture } from './fixtures';

/** Fixtures ingested by the local lake tests (all dated 2026-03-14/15). */
const FIXTURES: readonly [Provider, string, Source][] = [
  ['ses', 'send', 'sns'],
  ['ses', 'delivery', 'sns'],
  ['ses', 'bounce-permanent', 'sns'],
  ['ses', 'bounce-transient-mailboxfull', 'sns'],
  ['ses', 'bounce-suppressed-account-list', 'sns'],
  ['ses', 'complaint', 'sns'],
  ['ses', 'delivery-delay', 'sns'],
  ['ses', 'reject', 'sns'],
  ['mailgun', 'webhook-accepted', 'webhook'],
  ['mailgun', 'webhook-delivered', 'webhook'],
  ['mailgun', 'webhook-failed-permanent-bounce', 'webhook'],
  ['mailgun', 'webhook-failed-temporary-espblock', 'webhook'],
  ['mailgun', 'webhook-complained', 'webhook'],
  // Same events as the webhooks above, from the events API: same event_id.
  ['mailgun', 'events-api-page', 'archive'],
  ['blastengine', 'webhook-drop', 'webhook'],
  ['blastengine', 'webhook-harderror-with-insert-codes', 'webhook'],
  ['blastengine', 'webhook-softerror', 'webhook'],
  ['cmc', 'webhook-v2-deliveries', 'webhook'],
  ['cmc', 'webhook-v2-bounces', 'webhook'],
  ['cmc', 'api-deliveries-list-response', 'archive'],
];

/** The fixtures' days: D1 (most events) and D2, the last. */
export const D1 = '2026-03-14';
export const D2 = '2026-03-15';
/** A day 40 days before D2, outside a 30-day window. */
export const OLD_DAY = '2026-02-03';

function synthetic(
  provider: Provider,
  n: number,
  fields: {
    eventType: 'accepted' | 'delivered' | 'bounced';
    occurredAt: string;
    sender: string;
    recipient?: string;
    smtpStatus?: string;
  },
  receivedAt: string,
): EmailEvent[] {
  return Array.from({ length: n }, (_, i) =>
    buildEvent(
      {
        provider,
        idParts: ['synthetic', fields.eventType, i, fields.occurredAt],
        eventType: fields.eventType,
        bounceType: fields.eventType === 'bounced' ? 'hard' : null,
        occurredAt: fields.occurredAt,
        recipient: fields.recipient ?? `r${i}@example.org`,
        sender: fields.sender,
        smtpStatus: fields.smtpStatus ?? null,
        providerEvent: `synthetic-${fields.eventType}`,
      },
      { receivedAt, source: 'webhook' },
    ),
  );
}

/**
 * The fixture events (2026-03-14/15, explicit dates: no current_date, no
 * midnight flake) plus: 3 SES sends on D1, 4 Mailgun deliveries on D2, and
 * one SES hard bounce on OLD_DAY.
 */
export function scenarioEvents(receivedAt: string): EmailEvent[] {
  const fixtures = FIXTURES.flatMap(([provider, name, source]) =>
    NORMALIZERS[provider](loadFixture(provider, name), { receivedAt, source }),
  );
  return [
    ...fixtures,
    ...synthetic(
      'ses',
      3,
      {
        eventType: 'accepted',
        occurredAt: `${D1}T09:00:00.000Z`,
        sender: 'news@mail.example.com',
      },
      receivedAt,
    ),
    ...synthetic(
      'mailgun',
      4,
      {
        eventType: 'delivered',
        occurredAt: `${D2}T00:30:00.000Z`,
        sender: 'news@mg.example.com',
      },
      receivedAt,
    ),
    ...synthetic(
      'ses',
      1,
      {
        eventType: 'bounced',
        occurredAt: `${OLD_DAY}T12:00:00.000Z`,
        sender: 'news@mail.example.com',
        recipient: 'no-such-user@example.com',
        smtpStatus: '5.7.1',
      },
      receivedAt,
    ),
  ];
}
