import { MalformedPayloadError } from '../errors';
import type { EmailEvent } from '../schema';
import { parseIsoWithOffset, type TransportTime } from '../time';
import { parseOrThrow } from '../validate';
import { bareAddress, buildEvent, type EventDraft } from './common';
import { readSesHead, readSesMail } from './ses-read';
import { SES_LABEL, SES_TYPES, unknownSpec } from './ses-rows';
import { SesEventSchema, SesHeadSchema, type SesMail } from './ses-schema';
import type { NormalizeContext, Normalizer } from './types';

/** Tag naming where occurred_at came from when the payload had no time. */
export const TIME_SOURCE_TAG = 'mailtrail:time_source';

// Published once when an SNS topic is attached to an identity for feedback
// notifications; it has no `mail` object and is not an email event.
const SUBSCRIPTION_NOTICE = 'AmazonSnsSubscriptionSucceeded';

// Plain text (not JSON) that SES publishes to a topic once, when an SNS event
// destination is created on a configuration set.
const SNS_VALIDATION_MESSAGE =
  'Successfully validated SNS topic for Amazon SES event publishing.';

/**
 * True for the plain-text message SES publishes when an SNS event destination
 * is created: pass it as `skip` to unwrapSnsMessages so it is not a failure.
 */
export function isSesSetupNotice(message: string): boolean {
  return message.trim() === SNS_VALIDATION_MESSAGE;
}

/** SES tags are string → string[]; canonical tags are string → string. */
function flattenTags(tags: SesMail['tags']): Record<string, string> | null {
  if (!tags) return null;
  return Object.fromEntries(
    Object.entries(tags).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.join(',') : v,
    ]),
  );
}

/**
 * Normalizes one parsed SES event — event publishing (`eventType`) or a legacy
 * identity notification (`notificationType`) — into one canonical event per
 * recipient. Unknown types become `unknown`; wrong shapes throw
 * MalformedPayloadError naming the field.
 * @example normalizeSes(JSON.parse(sns.Message), { receivedAt, source: 'sns' })
 */
export const normalizeSes: Normalizer = (payload, ctx) => {
  // Event publishing and legacy notifications share the same per-type
  // objects; only the discriminator's name differs (docs/providers.md §1.1).
  const head = readSesHead(payload);
  // The hand-written check failed: zod names what is wrong.
  if (head === null) parseOrThrow(SesHeadSchema, payload, SES_LABEL);
  const type = head?.type;
  if (!type) {
    throw new MalformedPayloadError(
      `${SES_LABEL}: eventType (or notificationType) is missing`,
    );
  }
  if (type === SUBSCRIPTION_NOTICE) return [];
  const mail =
    readSesMail(payload) ??
    parseOrThrow(SesEventSchema, payload, SES_LABEL).mail;
  const spec = SES_TYPES.get(type) ?? unknownSpec(type);
  const rows = spec.rows(payload as object, mail);
  const mailTime =
    mail.timestamp == null
      ? null
      : parseIsoWithOffset(mail.timestamp, 'SES mail.timestamp');
  const tags = flattenTags(mail.tags);
  const subject = mail.commonHeaders?.subject;
  const events: EmailEvent[] = [];
  for (const row of rows) {
    const time = row.time
      ? parseIsoWithOffset(row.time, `SES ${spec.key}.timestamp`)
      : mailTime;
    const fallback = time === null ? fallbackTime(ctx) : null;
    const occurredAt = fallback?.at ?? (time as string);
    const draft: EventDraft = {
      provider: 'ses',
      // Idempotency key per docs/providers.md §5. A legacy notification and the
      // published event of the same bounce share an id on purpose.
      idParts: [
        mail.messageId,
        type,
        bareAddress(row.recipient),
        occurredAt,
        row.feedbackId,
      ],
      eventType: row.eventType,
      bounceType: row.bounceType,
      occurredAt,
      recipient: row.recipient,
      sender: mail.source,
      messageId: mail.messageId,
      subject,
      smtpCode: row.smtpCode,
      smtpStatus: row.smtpStatus,
      diagnostic: row.diagnostic,
      // SES's own spelling ('Bounce', 'Rendering Failure'); a bounce's
      // subtype shows in event_type (dropped) and the DSN-less diagnostic.
      providerEvent: type,
      tags: fallback ? markTimeSource(tags, fallback.field) : tags,
    };
    events.push(buildEvent(draft, ctx));
  }
  return events;
};

/** The time of an event with no timestamp of its own (no mail.timestamp). */
function fallbackTime(ctx: NormalizeContext): TransportTime {
  return ctx.transportTime ?? { at: ctx.receivedAt, field: 'received_at' };
}

/** Tags plus where occurred_at came from when the payload had no time. */
function markTimeSource(
  tags: Record<string, string> | null,
  field: string,
): Record<string, string> {
  return Object.assign({}, tags, { [TIME_SOURCE_TAG]: field });
}
