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
  const m = /<([^<>]*)>\s*$/.exec(value);
  return (m ? m[1]! : value).trim().toLowerCase();
}

/** The part after the last `@`, lower-cased; '' when there is none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** Strips surrounding angle brackets and whitespace from a message id. */
export function stripBrackets(id: string): string {
  return id.trim().replace(/^<(.*)>$/, '$1');
}

/** Empty strings, null and undefined all become null. */
export function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
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

/** Remote text with host addresses and ports blanked, in linear time. */
const withoutHosts = (text: string): string =>
  blankBracketed(text).replace(IP_OR_PORT, ' ');

/** Parses the first 3-digit SMTP reply code out of text such as "550 5.1.1". */
export function smtpCodeOf(value: unknown): number | null {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 200 && value <= 599
      ? value
      : null;
  }
  if (typeof value !== 'string') return null;
  const m = /(?<![\d.])([2-5]\d\d)(?![\d.])/.exec(withoutHosts(value));
  return m ? Number(m[1]) : null;
}

/** Parses an enhanced status code (RFC 3463, e.g. 5.1.1) out of text. */
export function smtpStatusOf(value: unknown): string | null {
  const m =
    typeof value === 'string'
      ? /(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/.exec(withoutHosts(value))
      : null;
  return m ? m[1]! : null;
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
    recipient_domain: domainOf(recipient),
    sender: sender || null,
    from_domain: sender ? domainOf(sender) || null : null,
    message_id: draft.messageId ? stripBrackets(draft.messageId) || null : null,
    subject: draft.subject ?? null,
    smtp_code: draft.smtpCode ?? null,
    smtp_status: draft.smtpStatus ?? null,
    diagnostic: nonEmpty(draft.diagnostic),
    provider_event: draft.providerEvent,
    tags: draft.tags && Object.keys(draft.tags).length > 0 ? draft.tags : null,
    source: ctx.source,
  });
}
