import { FirehoseSink } from '../../adapters/aws/firehose-sink';
import { ENV } from '../../contract/env';
import { withPseudonymizedRecipients } from '../../core/privacy';
import type { EventSink } from '../../core/raw-record';
import { keptForColdStart } from './cold-start';
import { optionalEnv, requireEnv } from './env';
import { firehose } from './firehose-client';
import { readPrivacyKeyFromEnv } from './privacy-key';
import { s3 } from './s3-client';
import { withSuppressionsFromEnv } from './suppressions';

async function buildLakeSink(): Promise<EventSink> {
  const sink = new FirehoseSink({
    firehose,
    s3,
    eventsStream: requireEnv(ENV.EVENTS_STREAM_NAME),
    rawStream: requireEnv(ENV.RAW_STREAM_NAME),
    bucket: optionalEnv(ENV.LAKE_BUCKET) ?? '',
  });
  const hmacKey = await readPrivacyKeyFromEnv();
  // Suppressions see the events before pseudonymization and key them alike.
  return withSuppressionsFromEnv(
    hmacKey ? withPseudonymizedRecipients(sink, hmacKey) : sink,
    hmacKey,
  );
}

/**
 * The lake sink a handler writes to, from its environment: the events and
 * raw streams (and the bucket for oversized raw records), wrapped to
 * pseudonymize recipients when a privacy key secret is configured, and to
 * record suppressions when a suppression table is. Built on
 * the first write and kept for the cold start; a failed build (the secret
 * could not be read) fails that write and is tried again on the next one.
 * @example const sink = lakeSinkFromEnv(); await sink.putEvents(events);
 */
export function lakeSinkFromEnv(): EventSink {
  const sink = keptForColdStart(buildLakeSink);
  return {
    putEvents: async (events) => (await sink()).putEvents(events),
    putRaw: async (records) => (await sink()).putRaw(records),
  };
}
