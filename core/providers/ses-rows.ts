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

/** One row with every field set, so all rows share one object shape. */
function row(
  recipient: string,
  eventType: EventType,
  time: string | null | undefined,
  diagnostic: string | null | undefined,
  more?: Pick<SesRow, 'bounceType' | 'smtpCode' | 'smtpStatus' | 'feedbackId'>,
): SesRow {
  return {
    recipient,
    eventType,
    bounceType: more?.bounceType,
    time,
    smtpCode: more?.smtpCode,
    smtpStatus: more?.smtpStatus,
    diagnostic,
    feedbackId: more?.feedbackId,
  };
}

/** Send, Reject, Open, Click… carry no recipient list: fan out on destination. */
function perDestination(
  mail: SesMail,
  eventType: EventType,
  time?: string | null,
  diagnostic?: string | null,
): SesRow[] {
  return mail.destination.map((recipient) =>
    row(recipient, eventType, time, diagnostic),
  );
}

function smtpStatusFrom(
  status?: string | null,
  diagnosticCode?: string | null,
): string | null {
  return smtpStatusOf(status) ?? smtpStatusOf(diagnosticCode);
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
  const dropped = isSuppression(b.bounceSubType);
  const bounceType = dropped
    ? undefined
    : (BOUNCE_TYPES.get(b.bounceType ?? '') ?? 'undetermined');
  // Without a DSN a recipient has only emailAddress: keep type/subtype.
  const fallback = [b.bounceType, b.bounceSubType].filter(Boolean).join('/');
  return b.bouncedRecipients.map((r) =>
    row(
      r.emailAddress,
      dropped ? 'dropped' : 'bounced',
      b.timestamp,
      nonEmpty(r.diagnosticCode) ?? fallback,
      {
        bounceType,
        smtpCode: smtpCodeOf(r.diagnosticCode),
        smtpStatus: smtpStatusFrom(r.status, r.diagnosticCode),
        feedbackId: b.feedbackId,
      },
    ),
  );
});

// complaintSubType OnAccountSuppressionList: SES accepted the message but did
// not send it (AWS "Contents of event data", complaint object) — a drop.
const complaint = spec('complaint', SesComplaintSchema, (c) =>
  c.complainedRecipients.map((r) =>
    row(
      r.emailAddress,
      isSuppression(c.complaintSubType) ? 'dropped' : 'complained',
      c.timestamp,
      c.complaintFeedbackType ?? c.complaintSubType,
      { feedbackId: c.feedbackId },
    ),
  ),
);

const delivery = spec('delivery', SesDeliverySchema, (d) =>
  d.recipients.map((recipient) =>
    row(recipient, 'delivered', d.timestamp, d.smtpResponse, {
      smtpCode: smtpCodeOf(d.smtpResponse),
      smtpStatus: smtpStatusFrom(null, d.smtpResponse),
    }),
  ),
);

const deliveryDelay = spec('deliveryDelay', SesDelaySchema, (d) =>
  d.delayedRecipients.map((r) =>
    row(
      r.emailAddress,
      'deferred',
      d.timestamp,
      nonEmpty(r.diagnosticCode) ?? d.delayType,
      {
        smtpCode: smtpCodeOf(r.diagnosticCode),
        smtpStatus: smtpStatusFrom(r.status, r.diagnosticCode),
      },
    ),
  ),
);

// Only an opt-out is `unsubscribed` (docs/design.md mapping table); an opt-in or
// other preference change is kept as `unknown` with provider_event Subscription.
const subscription = spec('subscription', SesSubscriptionSchema, (s, mail) =>
  perDestination(
    mail,
    isOptOut(s.oldTopicPreferences, s.newTopicPreferences)
      ? 'unsubscribed'
      : 'unknown',
    s.timestamp,
    s.source,
  ),
);

const timed = (key: string, eventType: EventType) =>
  spec(key, SesTimedSchema, (t, mail) =>
    perDestination(mail, eventType, t?.timestamp),
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
      perDestination(mail, 'rejected', null, r?.reason),
    ),
  ],
  ['Open', timed('open', 'opened')],
  ['Click', timed('click', 'clicked')],
  // SES spells it with a space and keys it `failure` (docs/providers.md §1.1).
  [
    'Rendering Failure',
    spec('failure', SesFailureSchema, (f, mail) =>
      perDestination(mail, 'rendering_failed', null, f?.errorMessage),
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
      return perDestination(
        mail,
        'unknown',
        d.success ? d.data.timestamp : null,
      );
    },
  };
}
