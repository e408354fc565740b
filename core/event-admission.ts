import { type EmailEvent, EmailEventSchema } from './schema';
import * as z from './zod';

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

function refusalOf(event: unknown, maxBytes: number): EventRefusal | null {
  if (!z.safeParse(EmailEventSchema, event).success) return 'invalid-event';
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
