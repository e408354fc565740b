import { JSON_BYTES_PER_UNIT } from './event-caps';
import { isValidEvent } from './event-check';
import type { EmailEvent } from './schema';

/**
 * The largest record a sink takes: Firehose's 1,000 KiB per record (Amazon
 * Data Firehose quotas), for one event as a JSON line with its newline.
 */
export const MAX_EVENT_RECORD_BYTES = 1000 * 1024;

/** Why an event was kept out of `events/`. */
export type EventRefusal = 'invalid-event' | 'oversize-event';

/** The events that may reach the sink, and why the others may not. */
export interface Admission {
  readonly admitted: EmailEvent[];
  readonly refused: EventRefusal[];
}

/**
 * Bytes per field beyond its key's and value's units: quotes, colon, comma,
 * and a number, `null` or `true` as a whole (a JSON number is ≤ 24 bytes).
 */
const BYTES_PER_FIELD = 32;

/**
 * An upper bound on the UTF-8 bytes of `${JSON.stringify(event)}\n` for a
 * schema-valid event (strings, numbers, null and one flat string map), read
 * from string lengths alone: most events are a few hundred bytes, so one
 * bound under the limit spares serializing every event twice (the sink
 * serializes it again).
 */
export function eventJsonBytesAtMost(event: EmailEvent): number {
  let units = 0;
  let fields = 1;
  for (const key in event) {
    const value: unknown = event[key as keyof EmailEvent];
    units += key.length;
    fields++;
    if (typeof value === 'string') units += value.length;
    else if (typeof value === 'object' && value !== null) {
      const tags = value as Record<string, string>;
      for (const tag in tags) {
        units += tag.length + tags[tag]!.length;
        fields++;
      }
    }
  }
  return JSON_BYTES_PER_UNIT * units + BYTES_PER_FIELD * fields;
}

function refusalOf(event: unknown, maxBytes: number): EventRefusal | null {
  if (!isValidEvent(event)) return 'invalid-event';
  // Exact size only when the bound does not already settle it.
  if (eventJsonBytesAtMost(event) <= maxBytes) return null;
  const bytes = Buffer.byteLength(`${JSON.stringify(event)}\n`, 'utf8');
  return bytes > maxBytes ? 'oversize-event' : null;
}

/**
 * Splits normalized events into those that match EmailEventSchema and fit
 * one sink record, and the reasons the rest were refused; a refused event
 * never reaches `events/`, but its raw body is kept by the caller.
 * @example admitEvents(events).refused // ['invalid-event'] for an empty recipient
 */
export function admitEvents(
  events: readonly unknown[],
  maxBytes: number = MAX_EVENT_RECORD_BYTES,
): Admission {
  const admitted: EmailEvent[] = [];
  const refused: EventRefusal[] = [];
  for (const event of events) {
    const refusal = refusalOf(event, maxBytes);
    if (refusal === null) admitted.push(event as EmailEvent);
    else refused.push(refusal);
  }
  return { admitted, refused };
}
