import type { EmailEvent } from './schema';
import { truncateText } from './truncate';

/**
 * The longest value each free-text field of a canonical event keeps, in
 * UTF-16 units; longer text is cut and ends with `…`. Providers and remote
 * mail servers write these fields, so without caps one event could outgrow
 * the Firehose record (1,000 KiB). See {@link MAX_EVENT_JSON_BYTES}.
 */
export const EVENT_TEXT_CAPS = {
  recipient: 512,
  sender: 512,
  message_id: 1000,
  subject: 2000,
  diagnostic: 4000,
  provider_event: 256,
  smtp_status: 32,
  /** Per tag key and per tag value. */
  tagKey: 128,
  tagValue: 1024,
} as const;

/** At most this many tags are kept (the first ones, in insertion order). */
export const MAX_TAGS = 64;

const MARK = '…';

/** JSON escaping writes at most 6 bytes per UTF-16 unit (`\u0001`). */
export const JSON_BYTES_PER_UNIT = 6;
/** Generous room for the field names, punctuation and fixed-size fields. */
const FIXED_JSON_BYTES = 1024;

/**
 * An upper bound on the JSON size of any capped event: every capped field at
 * its cap, each unit escaped 6×, the domains as long as their addresses, every
 * tag full. Tests check it stays under the Firehose record limit.
 */
export const MAX_EVENT_JSON_BYTES =
  FIXED_JSON_BYTES +
  JSON_BYTES_PER_UNIT *
    (2 * EVENT_TEXT_CAPS.recipient +
      2 * EVENT_TEXT_CAPS.sender +
      EVENT_TEXT_CAPS.message_id +
      EVENT_TEXT_CAPS.subject +
      EVENT_TEXT_CAPS.diagnostic +
      EVENT_TEXT_CAPS.provider_event +
      EVENT_TEXT_CAPS.smtp_status +
      MAX_TAGS * (EVENT_TEXT_CAPS.tagKey + EVENT_TEXT_CAPS.tagValue + 6));

/** A text cut to `max` units, ending with `…` when it was cut. */
export function capText(text: string, max: number): string {
  return text.length <= max ? text : truncateText(text, max - 1) + MARK;
}

const capNullable = (text: string | null, max: number): string | null =>
  text === null ? null : capText(text, max);

function tagsFit(tags: Record<string, string>): boolean {
  let count = 0;
  for (const key in tags) {
    count++;
    if (
      count > MAX_TAGS ||
      key.length > EVENT_TEXT_CAPS.tagKey ||
      tags[key]!.length > EVENT_TEXT_CAPS.tagValue
    ) {
      return false;
    }
  }
  return true;
}

function capTags(tags: Record<string, string>): Record<string, string> {
  if (tagsFit(tags)) return tags;
  const out: Record<string, string> = {};
  let kept = 0;
  for (const key in tags) {
    if (kept === MAX_TAGS) break;
    const capped = capText(key, EVENT_TEXT_CAPS.tagKey);
    // Two long keys cut to the same prefix keep the first one's value.
    if (!(capped in out)) {
      out[capped] = capText(tags[key]!, EVENT_TEXT_CAPS.tagValue);
      kept++;
    }
  }
  return out;
}

/**
 * A canonical event with every free-text field within EVENT_TEXT_CAPS and
 * at most MAX_TAGS tags: the one place caps apply (buildEvent calls it for
 * every provider). Returns the event itself when nothing is over a cap.
 * Each domain is capped on its own, so a cut address keeps its domain.
 * @example capEvent(event).subject!.length <= EVENT_TEXT_CAPS.subject // true
 */
export function capEvent(event: EmailEvent): EmailEvent {
  const c = EVENT_TEXT_CAPS;
  const over =
    event.recipient.length > c.recipient ||
    event.recipient_domain.length > c.recipient ||
    (event.from_domain?.length ?? 0) > c.sender ||
    (event.sender?.length ?? 0) > c.sender ||
    (event.message_id?.length ?? 0) > c.message_id ||
    (event.subject?.length ?? 0) > c.subject ||
    (event.diagnostic?.length ?? 0) > c.diagnostic ||
    event.provider_event.length > c.provider_event ||
    (event.smtp_status?.length ?? 0) > c.smtp_status ||
    (event.tags !== null && !tagsFit(event.tags));
  if (!over) return event;
  return {
    ...event,
    recipient: capText(event.recipient, c.recipient),
    recipient_domain: capText(event.recipient_domain, c.recipient),
    sender: capNullable(event.sender, c.sender),
    from_domain: capNullable(event.from_domain, c.sender),
    message_id: capNullable(event.message_id, c.message_id),
    subject: capNullable(event.subject, c.subject),
    diagnostic: capNullable(event.diagnostic, c.diagnostic),
    provider_event: capText(event.provider_event, c.provider_event),
    smtp_status: capNullable(event.smtp_status, c.smtp_status),
    tags: event.tags === null ? null : capTags(event.tags),
  };
}
