import type { EventSink } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';

/**
 * Wraps a lake sink so every batch of events, once stored, is also folded
 * into the suppression list by `record` (which never throws). The lake
 * write comes first: an event is suppressing only once it is durable, and a
 * failed lake write fails the call as before, so the source retries both.
 * @example withSuppressions(sink, (events) => recordSuppressions(events, deps))
 */
export function withSuppressions(
  sink: EventSink,
  record: (events: readonly EmailEvent[]) => Promise<unknown>,
): EventSink {
  return {
    putEvents: async (events) => {
      await sink.putEvents(events);
      if (events.length > 0) await record(events);
    },
    putRaw: (records) => sink.putRaw(records),
  };
}
