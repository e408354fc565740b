import { MalformedPayloadError } from '../errors';
import type { EmailEvent } from '../schema';
import { parseIsoWithOffset, readIsoWithOffset } from '../time';
import { normalizeBlastengineLogRow } from './blastengine-logs';
import type { EventDraft } from './common';
import { buildEvent, nonEmpty, smtpCodeOf, smtpStatusOf } from './common';
import { idText, isJson, requireJson, requireString } from './read-json';
import type { NormalizeContext, Normalizer } from './types';

type Classification = Pick<EventDraft, 'eventType' | 'bounceType'>;

const UNKNOWN: Classification = { eventType: 'unknown', bounceType: null };

// Webhook `type` values (docs/providers.md §3.1): DROP = address on the
// error-stop list, SOFTERROR = temporary, HARDERROR = permanent.
const WEBHOOK_TYPES: ReadonlyMap<string, Classification> = new Map([
  ['HARDERROR', { eventType: 'bounced', bounceType: 'hard' }],
  ['SOFTERROR', { eventType: 'deferred', bounceType: null }],
  ['DROP', { eventType: 'dropped', bounceType: null }],
]);

function addInsertTag(
  tags: Record<string, string>,
  key: unknown,
  value: unknown,
): void {
  if (nonEmpty(key) === null) return;
  tags[`insert:${key}`] =
    value == null
      ? ''
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
}

/**
 * Adds insert_codes as `insert:<key>` tags. docs/providers.md §3.1 ⚠️: the
 * `{key, value}` array shape is second-hand, so a plain key → value object is
 * read too. A loop, not filter/map: most events carry none.
 */
function addInsertCodeTags(codes: unknown, tags: Record<string, string>): void {
  if (Array.isArray(codes)) {
    for (const c of codes) if (isJson(c)) addInsertTag(tags, c.key, c.value);
  } else if (isJson(codes)) {
    for (const key of Object.keys(codes)) addInsertTag(tags, key, codes[key]);
  }
}

/** An event's path in errors, e.g. `blastengine events[3].event`; built only then. */
function eventPath(index: number, suffix = ''): string {
  return `blastengine events[${index}].event${suffix}`;
}

function normalizeWebhookEvent(
  item: unknown,
  index: number,
  ctx: NormalizeContext,
): EmailEvent {
  const event =
    isJson(item) && isJson(item.event)
      ? item.event
      : requireJson(
          requireJson(item, `blastengine events[${index}]`).event,
          eventPath(index),
        );
  const type =
    nonEmpty(event.type) ?? requireString(event, 'type', eventPath(index));
  const detail = isJson(event.detail)
    ? event.detail
    : requireJson(event.detail, eventPath(index, '.detail'));
  const recipient =
    nonEmpty(detail.mailaddress) ??
    requireString(detail, 'mailaddress', eventPath(index, '.detail'));
  // `datetime` is when blastengine received the bounce (§3.1); the field
  // name is built only for the error.
  const occurredAt =
    readIsoWithOffset(event.datetime) ??
    parseIsoWithOffset(event.datetime, eventPath(index, '.datetime'));
  const deliveryId = idText(detail.delivery_id);
  const errorCode = nonEmpty(detail.error_code);
  const kind = WEBHOOK_TYPES.get(type) ?? UNKNOWN;
  const tags: Record<string, string> = {};
  if (deliveryId) tags.delivery_id = deliveryId;
  // A DROP's code (e.g. "554(errors)") is blastengine's, not an SMTP reply:
  // buildEvent leaves smtp_code empty, the code is kept here.
  if (kind.eventType === 'dropped' && errorCode) tags.error_code = errorCode;
  addInsertCodeTags(detail.insert_codes, tags);
  return buildEvent(
    {
      provider: 'blastengine',
      // No event id exists; this is the documented dedupe key (§3.1, §5).
      idParts: [deliveryId, recipient, type, occurredAt, errorCode],
      eventType: kind.eventType,
      bounceType: kind.bounceType,
      occurredAt,
      recipient,
      subject: typeof detail.subject === 'string' ? detail.subject : null,
      // error_code is a string such as "554(errors)" (§3.1).
      smtpCode: smtpCodeOf(errorCode),
      smtpStatus: smtpStatusOf(detail.error_message),
      diagnostic: nonEmpty(detail.error_message),
      providerEvent: type,
      tags,
    },
    ctx,
  );
}

/**
 * Normalizes a blastengine webhook body `{events: [...]}`, a log page
 * `{data: [...]}` from GET /logs/mails/results, or one log row (GET
 * /logs/mails/{maillog_id}). One body can hold several events.
 * @example normalizeBlastengine(body, { receivedAt, source: 'webhook' })
 */
export const normalizeBlastengine: Normalizer = (payload, ctx) => {
  const body = requireJson(payload, 'blastengine payload');
  if (Object.hasOwn(body, 'events')) {
    if (!Array.isArray(body.events)) {
      throw new MalformedPayloadError('blastengine events must be an array');
    }
    const events: EmailEvent[] = [];
    for (let i = 0; i < body.events.length; i++) {
      events.push(normalizeWebhookEvent(body.events[i], i, ctx));
    }
    return events;
  }
  if (Object.hasOwn(body, 'data')) {
    if (!Array.isArray(body.data)) {
      throw new MalformedPayloadError('blastengine data must be an array');
    }
    return body.data.flatMap((row, i) =>
      normalizeBlastengineLogRow(row, `blastengine data[${i}]`, ctx),
    );
  }
  if (Object.hasOwn(body, 'maillog_id')) {
    return normalizeBlastengineLogRow(body, 'blastengine log', ctx);
  }
  throw new MalformedPayloadError(
    'blastengine payload has none of events[], data[] or maillog_id',
  );
};
