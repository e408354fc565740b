import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { FirehoseSink } from '../../adapters/aws/firehose-sink';
import type { EventSink, RawRecord } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';

/** An EventSink that keeps what it is given, for handler tests. */
export class MemorySink implements EventSink {
  readonly events: EmailEvent[] = [];
  readonly raw: RawRecord[] = [];

  async putEvents(events: readonly EmailEvent[]): Promise<void> {
    this.events.push(...events);
  }

  async putRaw(records: readonly RawRecord[]): Promise<void> {
    this.raw.push(...records);
  }
}

/**
 * The real FirehoseSink with no retry delay; pair it with aws-sdk-client-mock
 * on FirehoseClient to exercise write failures.
 */
export function realFirehoseSink(): FirehoseSink {
  return new FirehoseSink({
    firehose: new FirehoseClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    eventsStream: 'events-stream',
    rawStream: 'raw-stream',
    bucket: 'lake-bucket',
    retry: { sleep: async () => {} },
  });
}
