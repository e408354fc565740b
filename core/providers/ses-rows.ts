import type { BounceType, EventType } from '../schema';
import { parseOrThrow } from '../validate';
import type * as z from '../zod';
import { nonEmpty, smtpCodeOf, smtpStatusOf } from './common';
import {
  isOptOut,
  SesBounceSchema,
  SesComplaintSchema,
  SesDelaySchema,
  SesDeliverySchema,
  SesFailureSchema,
  type SesMail,
  SesRejectSchema,
  SesSubscriptionSchema,
  SesTimedSchema,
  SesUnknownDetailSchema,
} from './ses-schema';

/** How SES payload errors are labelled. */
export const SES_LABEL = 'SES event';

/** One recipient's share of an SES event; the `mail` fields are added later. */
export interface SesRow {
  readonly recipient: string;
  readonly eventType: EventType;
  readonly bounceType?: BounceType;
  /** The per-type timestamp; `mail.timestamp` when absent. */
  readonly time?: string | null;
  readonly smtpCode?: number | null;
  readonly smtpStatus?: string | null;
  readonly diagnostic?: string | null;
  /** Part of the idempotency key of bounces and complaints (§5). */
  readonly feedbackId?: string | null;
}

/** How one SES event type fans out into rows. */
export interface TypeSpec {
  /** The per-type payload key, e.g. `bounce` or `failure`. */
  readonly key: string;
  readonly rows: (payload: object, mail: SesMail) => SesRow[];
}

function detailOf(payload: object, key: string): unknown {
  return Object.hasOwn(payload, key)
    ? (payload as Record<string, unknown>)[key]
    : undefined;
}

/** A type whose per-type object `key` is validated with `schema`. */
function spec<S extends z.core.$ZodType>(
  key: string,
  schema: S,
  rows: (detail: z.output<S>, mail: SesMail) => SesRow[],
): TypeSpec {
  const parse = (p: object) =>
    parseOrThrow(schema, detailOf(p, key), SES_LABEL, key);
  return { key, rows: (payload, mail) => rows(parse(payload), mail) };
}

/** Send, Reject, Open, Click… carry no recipient list: fan out on destination. */
function perDestination(
  mail: SesMail,
  eventType: EventType,
  extra: Omit<SesRow, 'recipient' | 'eventType'> = {},
): SesRow[] {
  return mail.destination.map((recipient) => ({
    recipient,
    eventType,
    ...extra,
  }));
}

function dsnFields(status?: string | null, diagnosticCode?: string | null) {
  return {
    smtpCode: smtpCodeOf(diagnosticCode),
    smtpStatus: smtpStatusOf(status) ?? smtpStatusOf(diagnosticCode),
  };
}

// Event publishing sends hard bounces and the soft ones SES gave up retrying;
// an unknown bounceType counts as undetermined (docs/providers.md §1.3).
const BOUNCE_TYPES = new Map<string, BounceType>([
  ['Permanent', 'hard'],
  ['Transient', 'soft'],
  ['Undetermined', 'undetermined'],
]);

// SES did not attempt delivery: Suppressed, OnAccountSuppressionList and the
// subtypes only third parties list (OnTenantSuppressionList,
// EmailValidationSuppressed, UnsubscribedRecipient; docs/providers.md §1.3 ⚠️).
function isSuppression(subType?: string | null): boolean {
  return /suppress/i.test(subType ?? '') || subType === 'UnsubscribedRecipient';
}

const bounce = spec('bounce', SesBounceSchema, (b) => {
  const kind: Pick<SesRow, 'eventType' | 'bounceType'> = isSuppression(
    b.bounceSubType,
  )
    ? { eventType: 'dropped' }
    : {
        eventType: 'bounced',
        bounceType: BOUNCE_TYPES.get(b.bounceType ?? '') ?? 'undetermined',
      };
  // Without a DSN a recipient has only emailAddress: keep type/subtype.
  const fallback = [b.bounceType, b.bounceSubType].filter(Boolean).join('/');
  return b.bouncedRecipients.map((r) => ({
    recipient: r.emailAddress,
    ...kind,
    time: b.timestamp,
    ...dsnFields(r.status, r.diagnosticCode),
    diagnostic: nonEmpty(r.diagnosticCode) ?? fallback,
    feedbackId: b.feedbackId,
  }));
});

// complaintSubType OnAccountSuppressionList: SES accepted the message but did
// not send it (AWS "Contents of event data", complaint object) — a drop.
const complaint = spec('complaint', SesComplaintSchema, (c) =>
  c.complainedRecipients.map((r) => ({
    recipient: r.emailAddress,
    eventType: isSuppression(c.complaintSubType) ? 'dropped' : 'complained',
    time: c.timestamp,
    diagnostic: c.complaintFeedbackType ?? c.complaintSubType,
    feedbackId: c.feedbackId,
  })),
);

const delivery = spec('delivery', SesDeliverySchema, (d) =>
  d.recipients.map((recipient) => ({
    recipient,
    eventType: 'delivered',
    time: d.timestamp,
    ...dsnFields(null, d.smtpResponse),
    diagnostic: d.smtpResponse,
  })),
);

const deliveryDelay = spec('deliveryDelay', SesDelaySchema, (d) =>
  d.delayedRecipients.map((r) => ({
    recipient: r.emailAddress,
    eventType: 'deferred',
    time: d.timestamp,
    ...dsnFields(r.status, r.diagnosticCode),
    diagnostic: nonEmpty(r.diagnosticCode) ?? d.delayType,
  })),
);

// Only an opt-out is `unsubscribed` (docs/design.md mapping table); an opt-in or
// other preference change is kept as `unknown` with provider_event Subscription.
const subscription = spec('subscription', SesSubscriptionSchema, (s, mail) =>
  perDestination(
    mail,
    isOptOut(s.oldTopicPreferences, s.newTopicPreferences)
      ? 'unsubscribed'
      : 'unknown',
    { time: s.timestamp, diagnostic: s.source },
  ),
);

const timed = (key: string, eventType: EventType) =>
  spec(key, SesTimedSchema, (t, mail) =>
    perDestination(mail, eventType, { time: t?.timestamp }),
  );

/** The known SES event types, keyed by `eventType ?? notificationType`. */
export const SES_TYPES = new Map<string, TypeSpec>([
  ['Send', timed('send', 'accepted')],
  ['Delivery', delivery],
  ['DeliveryDelay', deliveryDelay],
  ['Bounce', bounce],
  ['Complaint', complaint],
  [
    'Reject',
    spec('reject', SesRejectSchema, (r, mail) =>
      perDestination(mail, 'rejected', { diagnostic: r?.reason }),
    ),
  ],
  ['Open', timed('open', 'opened')],
  ['Click', timed('click', 'clicked')],
  // SES spells it with a space and keys it `failure` (docs/providers.md §1.1).
  [
    'Rendering Failure',
    spec('failure', SesFailureSchema, (f, mail) =>
      perDestination(mail, 'rendering_failed', { diagnostic: f?.errorMessage }),
    ),
  ],
  ['Subscription', subscription],
]);

/** An unknown type: `unknown` per destination, timed by its own object if any. */
export function unknownSpec(type: string): TypeSpec {
  const key = type
    // Runs collapsed first: /\s+(\w)/ is quadratic on a long run of spaces.
    .replace(/\s+/g, ' ')
    .replace(/ (\w)/g, (_, c: string) => c.toUpperCase())
    .replace(/^\w/, (c) => c.toLowerCase());
  return {
    key,
    rows: (payload, mail) => {
      const d = SesUnknownDetailSchema.safeParse(detailOf(payload, key));
      return perDestination(mail, 'unknown', {
        time: d.success ? d.data.timestamp : null,
      });
    },
  };
}
