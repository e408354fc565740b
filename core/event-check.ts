import {
  BOUNCE_TYPES,
  type EmailEvent,
  EmailEventSchema,
  EVENT_COLUMNS,
  EVENT_ID_PATTERN,
  EVENT_TYPES,
  ISO_UTC_MILLIS,
  PROVIDERS,
  SCHEMA_VERSION,
  SMTP_CODE_RANGE,
  SOURCES,
} from './schema';
import * as z from './zod';

const providers: ReadonlySet<unknown> = new Set(PROVIDERS);
const eventTypes: ReadonlySet<unknown> = new Set(EVENT_TYPES);
const bounceTypes: ReadonlySet<unknown> = new Set(BOUNCE_TYPES);
const sources: ReadonlySet<unknown> = new Set(SOURCES);
const columnNames: ReadonlySet<PropertyKey> = new Set(
  EVENT_COLUMNS.map((c) => c.name),
);

type Fields = Record<PropertyKey, unknown>;

/** An object literal's kind of object (arrays, class instances and null-prototype objects are left to zod). */
function isPlain(value: unknown): value is Fields {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * No key but the schema's columns, read as zod reads them for a strict
 * object (`for…in`: symbols and non-enumerable keys are not data, and
 * JSON.stringify skips them too); a missing column reads `undefined`, which
 * every check refuses.
 */
function hasOnlyColumns(o: Fields): boolean {
  for (const key in o) if (!columnNames.has(key)) return false;
  return true;
}

const isIso = (v: unknown): boolean =>
  typeof v === 'string' && ISO_UTC_MILLIS.test(v);

const isTextOrNull = (v: unknown): boolean =>
  v === null || typeof v === 'string';

function isSmtpCode(v: unknown): boolean {
  return (
    v === null ||
    (Number.isInteger(v) &&
      (v as number) >= SMTP_CODE_RANGE.min &&
      (v as number) <= SMTP_CODE_RANGE.max)
  );
}

function isTags(v: unknown): boolean {
  if (v === null) return true;
  if (!isPlain(v)) return false;
  for (const key of Reflect.ownKeys(v)) {
    if (typeof key !== 'string' || typeof v[key] !== 'string') return false;
  }
  return true;
}

/**
 * A hand-written check of EmailEventSchema for the events normalizers build:
 * when it says yes, the schema says yes (property-tested against zod); when
 * it says no, {@link isValidEvent} asks zod, which stays the definition. On
 * the webhook's hot path zod took as long per event as normalizing it.
 */
export function isEmailEventFast(value: unknown): value is EmailEvent {
  if (!isPlain(value) || !hasOnlyColumns(value)) return false;
  const e = value;
  const bounced = e.event_type === 'bounced';
  return (
    e.schema_version === SCHEMA_VERSION &&
    typeof e.event_id === 'string' &&
    EVENT_ID_PATTERN.test(e.event_id) &&
    providers.has(e.provider) &&
    eventTypes.has(e.event_type) &&
    (bounced ? bounceTypes.has(e.bounce_type) : e.bounce_type === null) &&
    isIso(e.occurred_at) &&
    isIso(e.received_at) &&
    typeof e.recipient === 'string' &&
    e.recipient.length > 0 &&
    typeof e.recipient_domain === 'string' &&
    isTextOrNull(e.sender) &&
    isTextOrNull(e.from_domain) &&
    isTextOrNull(e.message_id) &&
    isTextOrNull(e.subject) &&
    isSmtpCode(e.smtp_code) &&
    isTextOrNull(e.smtp_status) &&
    isTextOrNull(e.diagnostic) &&
    typeof e.provider_event === 'string' &&
    isTags(e.tags) &&
    sources.has(e.source)
  );
}

/**
 * True when `value` is a valid canonical event: the fast check, else the
 * zod schema itself (objects of other kinds, or an event the fast check
 * does not know to be valid).
 * @example isValidEvent(normalizeMailgun(body, ctx)[0]) // true
 */
export function isValidEvent(value: unknown): value is EmailEvent {
  return (
    isEmailEventFast(value) || z.safeParse(EmailEventSchema, value).success
  );
}
