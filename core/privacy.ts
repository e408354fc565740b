import { createHmac } from 'node:crypto';
import type { EventSink, RawRecord } from './raw-record';
import type { EmailEvent } from './schema';

/** Prefix that marks a pseudonymized recipient in the lake. */
export const PSEUDONYM_PREFIX = 'hmac:';

/**
 * Keyed HMAC-SHA256 of a lower-cased address, hex. The same key gives the
 * same pseudonym, so one recipient's timeline still joins; without the key
 * the address cannot be recovered by guessing common addresses.
 * @example pseudonymizeRecipient('a@example.com', key) // 'hmac:3f…'
 */
export function pseudonymizeRecipient(address: string, key: string): string {
  if (address.startsWith(PSEUDONYM_PREFIX)) return address;
  const digest = createHmac('sha256', key)
    .update(address.trim().toLowerCase())
    .digest('hex');
  return `${PSEUDONYM_PREFIX}${digest}`;
}

/** Replaces `recipient` with its pseudonym; keeps `recipient_domain`. */
export function pseudonymizeEvent(event: EmailEvent, key: string): EmailEvent {
  return { ...event, recipient: pseudonymizeRecipient(event.recipient, key) };
}

/**
 * Wraps a sink so every canonical event is pseudonymized before it is stored
 * (docs/design.md "Privacy"). Raw payloads pass unchanged: they are evidence, kept
 * under raw/ with their own, shorter lifecycle.
 */
export function withPseudonymizedRecipients(
  sink: EventSink,
  key: string,
): EventSink {
  if (key.length < 16) {
    throw new Error('the recipient HMAC key must be at least 16 characters');
  }
  return {
    putEvents: (events: readonly EmailEvent[]) =>
      sink.putEvents(events.map((e) => pseudonymizeEvent(e, key))),
    putRaw: (records: readonly RawRecord[]) => sink.putRaw(records),
  };
}
