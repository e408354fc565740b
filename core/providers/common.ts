import { capEvent } from '../event-caps';
import { eventId } from '../event-id';
import type { BounceType, EmailEvent, EventType, Provider } from '../schema';
import { SCHEMA_VERSION } from '../schema';
import type { NormalizeContext } from './types';

/** Fields a provider normalizer supplies; the rest is derived here. */
export interface EventDraft {
  readonly provider: Provider;
  readonly idParts: readonly (string | number | null | undefined)[];
  readonly eventType: EventType;
  readonly bounceType?: BounceType | null;
  readonly occurredAt: string;
  readonly recipient: string;
  readonly sender?: string | null;
  readonly messageId?: string | null;
  readonly subject?: string | null;
  readonly smtpCode?: number | null;
  readonly smtpStatus?: string | null;
  readonly diagnostic?: string | null;
  readonly providerEvent: string;
  readonly tags?: Record<string, string> | null;
}

/** Extracts the bare address from `Name <addr>` or `addr`, lower-cased. */
export function bareAddress(value: string): string {
  // The last `<…>` before trailing whitespace, holding neither < nor >.
  const end = value.indexOf('<') < 0 ? -1 : value.trimEnd().length - 1;
  if (end > 0 && value[end] === '>') {
    // A `<` lies before `end`: indexOf found one and `end` is the last `>`.
    const inner = value.slice(value.lastIndexOf('<', end - 1) + 1, end);
    if (!inner.includes('>')) {
      return inner.trim().toLowerCase();
    }
  }
  return value.trim().toLowerCase();
}

/** The part after the last `@`, lower-cased; '' when there is none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** domainOf for an address bareAddress already lower-cased. */
function domainOfLower(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1);
}

/** True when `text` holds a character `.` in a regular expression does not match. */
function hasLineTerminator(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

// Normalizers strip an id for its event id, then buildEvent strips it again.
let lastId = '';
let lastStripped = '';

/** Strips surrounding angle brackets and whitespace from a message id. */
export function stripBrackets(id: string): string {
  if (id !== lastId) {
    lastStripped = stripIdBrackets(id);
    lastId = id;
  }
  return lastStripped;
}

function stripIdBrackets(id: string): string {
  const trimmed = id.trim();
  const n = trimmed.length;
  if (n < 2 || trimmed[0] !== '<' || trimmed[n - 1] !== '>') return trimmed;
  const inner = trimmed.slice(1, n - 1);
  return hasLineTerminator(inner) ? trimmed : inner;
}

/** True when `text` has a non-whitespace character (`text.trim() !== ''`). */
export function hasText(text: string): boolean {
  const c = text.charCodeAt(0);
  // Printable ASCII other than space is never trimmed: most values start so.
  return (c > 0x20 && c < 0x7f) || text.trim() !== '';
}

/** Empty strings, null and undefined all become null. */
export function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && hasText(value) ? value : null;
}

/** True when `text` holds an ASCII digit (a reply code needs three). */
function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

// Remote text quotes hosts as `mx.example.net[203.0.113.50]:25`; octets and
// ports would pass for reply codes, so they are blanked before parsing.
const IP_OR_PORT = /\b\d{1,3}(?:\.\d{1,3}){3}\b|:\d+/g;

/**
 * Blanks every `[…]` span (to the first `]` after each `[`) by indexOf: the
 * regex /\[[^\]]*\]/ is quadratic on a run of `[`, and a remote mail
 * server writes this text.
 */
function blankBracketed(text: string): string {
  let out = '';
  let copied = 0;
  for (let open = text.indexOf('['); open >= 0; ) {
    const close = text.indexOf(']', open + 1);
    if (close < 0) break;
    out += `${text.slice(copied, open)} `;
    copied = close + 1;
    open = text.indexOf('[', copied);
  }
  return out + text.slice(copied);
}

// smtpCodeOf and smtpStatusOf usually read the same text one after the other.
let lastText = '';
let lastBlanked = '';

/** Remote text with host addresses and ports blanked, in linear time. */
function withoutHosts(text: string): string {
  if (text !== lastText) {
    lastBlanked = blankBracketed(text).replace(IP_OR_PORT, ' ');
    lastText = text;
  }
  return lastBlanked;
}

/** Parses the first 3-digit SMTP reply code out of text such as "550 5.1.1". */
export function smtpCodeOf(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 200 && value <= 599
      ? value
      : null;
  }
  if (typeof value !== 'string' || !hasDigit(value)) return null;
  const m = /(?<![\d.])([2-5]\d\d)(?![\d.])/.exec(withoutHosts(value));
  return m ? Number(m[1]) : null;
}

/** Parses an enhanced status code (RFC 3463, e.g. 5.1.1) out of text. */
export function smtpStatusOf(value: unknown): string | null {
  const m =
    typeof value === 'string' && hasDigit(value)
      ? /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/.exec(withoutHosts(value))
      : null;
  return m ? m[1]! : null;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/**
 * Builds a canonical event from a draft, deriving ids and domains; free text
 * is capped here for every provider (core/event-caps.ts).
 */
export function buildEvent(
  draft: EventDraft,
  ctx: NormalizeContext,
): EmailEvent {
  const recipient = bareAddress(draft.recipient);
  const sender = draft.sender ? bareAddress(draft.sender) : null;
  const eventType = draft.eventType;
  // A dropped (suppressed) event had no SMTP session: whatever code the
  // provider attached is its own, not an SMTP reply, so it stays out of the
  // SMTP columns (the text stays in `diagnostic`).
  const smtp = eventType !== 'dropped';
  return capEvent({
    schema_version: SCHEMA_VERSION,
    event_id: eventId(draft.provider, draft.idParts),
    provider: draft.provider,
    event_type: eventType,
    bounce_type:
      eventType === 'bounced' ? (draft.bounceType ?? 'undetermined') : null,
    occurred_at: draft.occurredAt,
    received_at: ctx.receivedAt,
    recipient,
    recipient_domain: domainOfLower(recipient),
    sender: sender || null,
    from_domain: sender ? domainOfLower(sender) || null : null,
    message_id: draft.messageId ? stripBrackets(draft.messageId) || null : null,
    subject: draft.subject ?? null,
    smtp_code: smtp ? (draft.smtpCode ?? null) : null,
    smtp_status: smtp ? (draft.smtpStatus ?? null) : null,
    diagnostic: nonEmpty(draft.diagnostic),
    provider_event: draft.providerEvent,
    tags: draft.tags && hasKeys(draft.tags) ? draft.tags : null,
    source: ctx.source,
  });
}
