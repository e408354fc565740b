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

const DAY_MS = 86_400_000;
/** The fixtures' last day; the scenario moves it to today (UTC). */
const FIXTURE_LAST_DAY = '2026-03-15';

/** `iso` moved by whole days, keeping the time of day. */
export function shiftDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/** Today's UTC date, YYYY-MM-DD, `offset` days away. */
export function utcDay(offset = 0): string {
  const today = new Date().toISOString().slice(0, 10);
  return shiftDays(`${today}T00:00:00.000Z`, offset).slice(0, 10);
}

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
 * The fixture events moved so 2026-03-14 is yesterday and 2026-03-15 today
 * (the named queries look back 30 days), plus: 3 SES sends yesterday, 4
 * Mailgun deliveries today, and one SES hard bounce 40 days ago.
 */
export function scenarioEvents(receivedAt: string): EmailEvent[] {
  const shift = Math.round(
    (Date.parse(`${utcDay()}T00:00:00.000Z`) -
      Date.parse(`${FIXTURE_LAST_DAY}T00:00:00.000Z`)) /
      DAY_MS,
  );
  const fixtures = FIXTURES.flatMap(([provider, name, source]) =>
    NORMALIZERS[provider](loadFixture(provider, name), { receivedAt, source }),
  ).map((e) => ({ ...e, occurred_at: shiftDays(e.occurred_at, shift) }));
  const at = (day: number, time: string) => `${utcDay(day)}T${time}.000Z`;
  return [
    ...fixtures,
    ...synthetic(
      'ses',
      3,
      {
        eventType: 'accepted',
        occurredAt: at(-1, '09:00:00'),
        sender: 'news@mail.example.com',
      },
      receivedAt,
    ),
    ...synthetic(
      'mailgun',
      4,
      {
        eventType: 'delivered',
        occurredAt: at(0, '00:30:00'),
        sender: 'news@mg.example.com',
      },
      receivedAt,
    ),
    ...synthetic(
      'ses',
      1,
      {
        eventType: 'bounced',
        occurredAt: at(-40, '12:00:00'),
        sender: 'news@mail.example.com',
        recipient: 'no-such-user@example.com',
        smtpStatus: '5.7.1',
      },
      receivedAt,
    ),
  ];
}
