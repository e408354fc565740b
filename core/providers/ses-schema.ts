import * as z from '../zod';

// Lenient by design: zod objects drop unknown keys, and SES reserves the right
// to add fields without notice (docs/providers.md §1.1). Only what the normalizer
// reads is validated. Timestamps stay strings; core/time.ts converts them.

const text = z.nullish(z.string());
const address = z.string().check(z.minLength(1));

/** Discriminator of an SES payload: event publishing or legacy notification. */
export const SesHeadSchema = z.object({
  eventType: z.nullish(z.string()),
  notificationType: z.nullish(z.string()),
});

/** The `mail` object every SES event carries (docs/providers.md §1.2). */
export const SesMailSchema = z.object({
  // Missing in some example payloads: the event is timed by its envelope.
  timestamp: text,
  messageId: z.string().check(z.minLength(1)),
  // Envelope MAIL FROM; may be `Name <addr>` (docs/providers.md §1.2).
  source: text,
  destination: z.array(address).check(z.minLength(1)),
  // Absent on Rendering Failure and without header inclusion (§1.1, §1.2).
  commonHeaders: z.nullish(z.object({ subject: text })),
  // Legacy identity notifications carry no tags (docs/providers.md §1.1).
  tags: z.nullish(
    z.record(z.string(), z.union([z.array(z.string()), z.string()])),
  ),
});
export type SesMail = z.output<typeof SesMailSchema>;

/** An SES payload once its `mail` object is validated. */
export const SesEventSchema = z.object({ mail: SesMailSchema });

// `status` and `diagnosticCode` are present only when a DSN is attached.
const dsnRecipient = z.object({
  emailAddress: address,
  status: text,
  diagnosticCode: text,
});

/** `bounce`: subtype stays open-ended, newer ones appear unannounced (§1.3). */
export const SesBounceSchema = z.object({
  bounceType: text,
  bounceSubType: text,
  bouncedRecipients: z.array(dsnRecipient).check(z.minLength(1)),
  timestamp: text,
  feedbackId: text,
});

/** `complaint`; the feedback-report fields are optional (§1.3). */
export const SesComplaintSchema = z.object({
  complainedRecipients: z
    .array(z.object({ emailAddress: address }))
    .check(z.minLength(1)),
  complaintSubType: text,
  complaintFeedbackType: text,
  timestamp: text,
  feedbackId: text,
});

/** `delivery`. */
export const SesDeliverySchema = z.object({
  recipients: z.array(address).check(z.minLength(1)),
  smtpResponse: text,
  timestamp: text,
});

/** `deliveryDelay`. */
export const SesDelaySchema = z.object({
  delayType: text,
  delayedRecipients: z.array(dsnRecipient).check(z.minLength(1)),
  timestamp: text,
});

const topicPreferences = z.object({
  unsubscribeAll: z.nullish(z.boolean()),
  topicSubscriptionStatus: z.nullish(
    z.array(
      z.object({ topicName: z.string(), subscriptionStatus: z.string() }),
    ),
  ),
});
export type SesTopicPreferences = z.output<typeof topicPreferences>;

const optedOut = (p?: SesTopicPreferences | null): Set<string> =>
  new Set(
    (p?.topicSubscriptionStatus ?? [])
      .filter((t) => t.subscriptionStatus === 'OptOut')
      .map((t) => t.topicName),
  );

/** An opt-out: unsubscribeAll turned on, or a topic newly set to OptOut. */
export function isOptOut(
  before?: SesTopicPreferences | null,
  after?: SesTopicPreferences | null,
): boolean {
  if (after?.unsubscribeAll && !before?.unsubscribeAll) return true;
  const was = optedOut(before);
  return [...optedOut(after)].some((topic) => !was.has(topic));
}

/** `subscription`; `source` is a free string (docs/providers.md §1.3). */
export const SesSubscriptionSchema = z.object({
  newTopicPreferences: z.nullish(topicPreferences),
  oldTopicPreferences: z.nullish(topicPreferences),
  source: text,
  timestamp: text,
});

/** `reject` (only reason: `Bad content`); tolerated when absent. */
export const SesRejectSchema = z.nullish(z.object({ reason: text }));

/** `failure` of a Rendering Failure; tolerated when absent. */
export const SesFailureSchema = z.nullish(z.object({ errorMessage: text }));

/** `open` / `click`: only the timestamp matters here. */
export const SesTimedSchema = z.nullish(z.object({ timestamp: text }));

/** Any per-type object of an unknown type: a usable timestamp or nothing. */
export const SesUnknownDetailSchema = z.object({
  timestamp: z.iso.datetime({ offset: true }),
});
