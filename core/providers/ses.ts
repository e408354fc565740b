import { MalformedPayloadError } from '../errors';
import { parseIsoWithOffset } from '../time';
import { parseOrThrow } from '../validate';
import { bareAddress, buildEvent } from './common';
import { SES_LABEL, SES_TYPES, unknownSpec } from './ses-rows';
import { SesEventSchema, SesHeadSchema, type SesMail } from './ses-schema';
import type { Normalizer } from './types';

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
  const head = parseOrThrow(SesHeadSchema, payload, SES_LABEL);
  // Event publishing and legacy notifications share the same per-type
  // objects; only the discriminator's name differs (docs/providers.md §1.1).
  const type = head.eventType ?? head.notificationType;
  if (!type) {
    throw new MalformedPayloadError(
      `${SES_LABEL}: eventType (or notificationType) is missing`,
    );
  }
  if (type === SUBSCRIPTION_NOTICE) return [];
  const { mail } = parseOrThrow(SesEventSchema, payload, SES_LABEL);
  const spec = SES_TYPES.get(type) ?? unknownSpec(type);
  const rows = spec.rows(payload as object, mail);
  const mailTime = parseIsoWithOffset(mail.timestamp, 'SES mail.timestamp');
  const tags = flattenTags(mail.tags);
  return rows.map(({ time, feedbackId, ...row }) => {
    const occurredAt = time
      ? parseIsoWithOffset(time, `SES ${spec.key}.timestamp`)
      : mailTime;
    return buildEvent(
      {
        ...row,
        provider: 'ses',
        // Idempotency key per docs/providers.md §5. A legacy notification and the
        // published event of the same bounce share an id on purpose.
        idParts: [
          mail.messageId,
          type,
          bareAddress(row.recipient),
          occurredAt,
          feedbackId,
        ],
        occurredAt,
        sender: mail.source,
        messageId: mail.messageId,
        subject: mail.commonHeaders?.subject,
        // SES's own spelling ('Bounce', 'Rendering Failure'); a bounce's
        // subtype shows in event_type (dropped) and the DSN-less diagnostic.
        providerEvent: type,
        tags,
      },
      ctx,
    );
  });
};
