import { MalformedPayloadError } from '../errors';
import type { EmailEvent } from '../schema';
import { parseIsoWithOffset } from '../time';
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

/**
 * insert_codes as `insert:<key>` tags. docs/providers.md §3.1 ⚠️: the `{key, value}`
 * array shape is second-hand, so a plain key → value object is read too.
 */
function insertCodeTags(codes: unknown): [string, string][] {
  const pairs = Array.isArray(codes)
    ? codes.filter(isJson).map((c) => [c.key, c.value])
    : Object.entries(isJson(codes) ? codes : {});
  return pairs
    .filter(([key]) => nonEmpty(key) !== null)
    .map(([key, value]) => [
      `insert:${key}`,
      value == null
        ? ''
        : typeof value === 'string'
          ? value
          : JSON.stringify(value),
    ]);
}

function normalizeWebhookEvent(
  item: unknown,
  path: string,
  ctx: NormalizeContext,
): EmailEvent {
  const eventPath = `${path}.event`;
  const event = requireJson(requireJson(item, path).event, eventPath);
  const type = requireString(event, 'type', eventPath);
  const detail = requireJson(event.detail, `${eventPath}.detail`);
  const recipient = requireString(detail, 'mailaddress', `${eventPath}.detail`);
  // `datetime` is when blastengine received the bounce (§3.1).
  const occurredAt = parseIsoWithOffset(
    event.datetime,
    `${eventPath}.datetime`,
  );
  const deliveryId = idText(detail.delivery_id);
  const errorCode = nonEmpty(detail.error_code);
  const kind = WEBHOOK_TYPES.get(type) ?? UNKNOWN;
  const tags: Record<string, string> = {};
  if (deliveryId) tags.delivery_id = deliveryId;
  // A DROP's code (e.g. "554(errors)") is blastengine's, not an SMTP reply:
  // buildEvent leaves smtp_code empty, the code is kept here.
  if (kind.eventType === 'dropped' && errorCode) tags.error_code = errorCode;
  for (const [key, value] of insertCodeTags(detail.insert_codes)) {
    tags[key] = value;
  }
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
    return body.events.map((item, i) =>
      normalizeWebhookEvent(item, `blastengine events[${i}]`, ctx),
    );
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
