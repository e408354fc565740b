import { MalformedPayloadError } from '../errors';
import type { BounceType, EmailEvent, EventType } from '../schema';
import { stableJson } from '../stable-json';
import { fromEpochSeconds } from '../time';
import { buildEvent, nonEmpty, smtpStatusOf } from './common';
import type { Json } from './read-json';
import { objectAt, requireJson, requireString } from './read-json';
import type { NormalizeContext, Normalizer } from './types';

interface Classification {
  readonly eventType: EventType;
  readonly bounceType: BounceType | null;
  readonly providerEvent: string;
}

/**
 * Mailgun events with a fixed canonical type. `failed` is classified by
 * severity and reason; `stored` (inbound storage) and list events have no
 * canonical counterpart and fall back to `unknown` (docs/design.md mapping table).
 */
const SIMPLE_TYPES: ReadonlyMap<string, EventType> = new Map([
  ['accepted', 'accepted'],
  ['delivered', 'delivered'],
  ['rejected', 'rejected'],
  ['complained', 'complained'],
  ['opened', 'opened'],
  ['clicked', 'clicked'],
  ['unsubscribed', 'unsubscribed'],
]);

// Mailgun did not send because the address is on a suppression list
// (docs/providers.md §2.2, reasons from mailgun-go events/enums.go).
const SUPPRESSION_REASONS: ReadonlySet<string> = new Set([
  'suppress-bounce',
  'suppress-unsubscribe',
  'suppress-complaint',
]);

function classifyFailed(data: Json): Omit<Classification, 'providerEvent'> {
  const severity = data.severity;
  const reason = data.reason;
  if (typeof reason === 'string' && SUPPRESSION_REASONS.has(reason)) {
    return { eventType: 'dropped', bounceType: null };
  }
  // `old`: Mailgun stopped retrying a temporary failure, with either
  // severity (docs/providers.md §2.2 ⚠️). The message is lost but the address
  // is not known bad: a soft bounce, as SES reports a `Transient` bounce it
  // gave up on, so it neither feeds BounceRate nor suppresses the address.
  if (reason === 'old') return { eventType: 'bounced', bounceType: 'soft' };
  // Delayed bounces are flagged and may carry an empty envelope (§2.2).
  if (
    reason === 'delayed-bounce' ||
    objectAt(data, 'flags')['is-delayed-bounce'] === true ||
    severity === 'permanent'
  ) {
    return { eventType: 'bounced', bounceType: 'hard' };
  }
  if (severity === 'temporary') {
    return { eventType: 'deferred', bounceType: null };
  }
  // mailgun-go also knows severities `internal` and `unknown` (§2.2).
  return { eventType: 'bounced', bounceType: 'undetermined' };
}

/** Canonical type plus provider_event, e.g. `failed:permanent:bounce`. */
function classify(event: string, data: Json): Classification {
  if (event !== 'failed') {
    const eventType = SIMPLE_TYPES.get(event) ?? 'unknown';
    return { eventType, bounceType: null, providerEvent: event };
  }
  // Severity and reason stay queryable in provider_event (docs/providers.md §2.2).
  const providerEvent = [event, nonEmpty(data.severity), nonEmpty(data.reason)]
    .filter((part) => part !== null)
    .join(':');
  const { eventType, bounceType } = classifyFailed(data);
  return { eventType, bounceType, providerEvent };
}

/**
 * An RFC 5321 §4.2 reply code ([2-5][0-5][0-9]). Mailgun reuses the
 * `delivery-status.code` field for its own 605 (suppressed) and 498 (no MX),
 * which are not SMTP replies (docs/providers.md §2.2).
 */
function smtpReplyCode(code: unknown): number | null {
  const n = typeof code === 'string' ? Number(code) : code;
  return typeof n === 'number' && /^[2-5][0-5]\d$/.test(String(n)) ? n : null;
}

/** Description or message; a non-SMTP Mailgun code is kept as a prefix. */
function diagnosticOf(status: Json, reject: Json): string | null {
  const text =
    nonEmpty(status.description) ??
    nonEmpty(status.message) ??
    nonEmpty(reject.description) ??
    nonEmpty(reject.reason);
  const code = status.code;
  const hasCode = typeof code === 'number' || nonEmpty(code) !== null;
  if (!hasCode || smtpReplyCode(code) !== null) return text;
  return text ? `Mailgun code ${code}: ${text}` : `Mailgun code ${code}`;
}

/** user-variables (non-strings as JSON) plus tags joined as `mailgun:tags`. */
function tagsOf(data: Json): Record<string, string> {
  const entries = Object.entries(objectAt(data, 'user-variables')).map(
    ([key, value]): [string, string] => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ],
  );
  const list = Array.isArray(data.tags)
    ? data.tags.filter((t): t is string => nonEmpty(t) !== null)
    : [];
  if (list.length > 0) entries.push(['mailgun:tags', list.join(',')]);
  return Object.fromEntries(entries);
}

function normalizeEventData(
  input: unknown,
  path: string,
  ctx: NormalizeContext,
): EmailEvent {
  const data = requireJson(input, path);
  const event = requireString(data, 'event', path);
  const id = nonEmpty(data.id);
  const recipient = requireString(data, 'recipient', path);
  const occurredAt = fromEpochSeconds(data.timestamp, `${path}.timestamp`);
  const headers = objectAt(objectAt(data, 'message'), 'headers');
  const status = objectAt(data, 'delivery-status');
  const kind = classify(event, data);
  return buildEvent(
    {
      provider: 'mailgun',
      // `id` is unique within a day only (docs/providers.md §2.2, §5). Events
      // without one (test payloads, SDK examples) are identified by their
      // whole content: the same JSON, keys in any order, gives the same id.
      idParts:
        id === null
          ? ['', occurredAt.slice(0, 10), stableJson(data)]
          : [id, occurredAt.slice(0, 10)],
      eventType: kind.eventType,
      bounceType: kind.bounceType,
      providerEvent: kind.providerEvent,
      occurredAt,
      recipient,
      sender:
        nonEmpty(objectAt(data, 'envelope').sender) ?? nonEmpty(headers.from),
      messageId: nonEmpty(headers['message-id']),
      subject: typeof headers.subject === 'string' ? headers.subject : null,
      smtpCode: smtpReplyCode(status.code),
      smtpStatus:
        nonEmpty(status['enhanced-code']) ?? smtpStatusOf(status.message),
      diagnostic: diagnosticOf(status, objectAt(data, 'reject')),
      tags: tagsOf(data),
    },
    ctx,
  );
}

/**
 * Normalizes a Mailgun webhook body `{signature, "event-data"}`, an Events
 * API page `{items, paging}` or one bare Events API item. Never verifies the
 * signature: see verifyMailgunSignature.
 * @example normalizeMailgun(body, { receivedAt, source: 'webhook' })
 */
export const normalizeMailgun: Normalizer = (input, ctx) => {
  const payload = requireJson(input, 'mailgun payload');
  if (Object.hasOwn(payload, 'event-data')) {
    return [
      normalizeEventData(payload['event-data'], 'mailgun event-data', ctx),
    ];
  }
  if (Object.hasOwn(payload, 'items')) {
    const items = payload.items;
    if (!Array.isArray(items)) {
      throw new MalformedPayloadError('mailgun items must be an array');
    }
    return items.map((item, i) =>
      normalizeEventData(item, `mailgun items[${i}]`, ctx),
    );
  }
  return [normalizeEventData(payload, 'mailgun event', ctx)];
};
