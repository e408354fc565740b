import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { chunkByLimits } from '../../core/chunk';
import type { EventSink, RawRecord } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';
import {
  FIREHOSE_LIMITS,
  type PutRecordsOptions,
  putRecordBatchReliably,
} from './firehose';

const encoder = new TextEncoder();

/** Where a {@link FirehoseSink} writes. */
export interface FirehoseSinkOptions {
  readonly firehose: FirehoseClient;
  /** Events stream (JSON de-aggregation, Parquet conversion). */
  readonly eventsStream: string;
  /** Raw stream (gzip NDJSON under raw/ and rejected/). */
  readonly rawStream: string;
  /** S3 client for raw records too large for Firehose. */
  readonly s3: S3Client;
  /** Lake bucket receiving oversized raw records directly. */
  readonly bucket: string;
  /** Retry tuning passed to putRecordBatchReliably. @default its defaults */
  readonly retry?: PutRecordsOptions;
}

/**
 * Firehose de-aggregates at most 500 JSON objects out of one record
 * (Firehose developer guide, "Apply dynamic partitioning to aggregated data").
 */
export const MAX_LINES_PER_RECORD = 500;

/** Where each line of NDJSON bytes starts and ends (its newline included). */
interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Packs JSON lines (each without a newline of its own, as JSON.stringify
 * writes them) into as few newline-terminated records as possible, each at
 * most `maxBytes` and `maxLines`. The lines are encoded as UTF-8 once, and
 * every record is a view of those bytes. A line longer than `maxBytes` gets
 * a record of its own (and is then refused by putRecordBatchReliably with a
 * clear error).
 */
export function packLines(
  lines: readonly string[],
  maxBytes: number = FIREHOSE_LIMITS.maxRecordBytes,
  maxLines: number = MAX_LINES_PER_RECORD,
): Uint8Array[] {
  if (lines.length === 0) return [];
  const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const spans: LineSpan[] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(10, start) + 1;
    spans.push({ start, end });
    start = end;
  }
  if (spans.length !== lines.length) {
    throw new Error('packLines: a line holds a newline; JSON lines never do');
  }
  return chunkByLimits(spans, (l) => l.end - l.start, {
    maxCount: maxLines,
    maxBytes,
  }).map((group) => bytes.subarray(group[0]!.start, group.at(-1)!.end));
}

/** The S3 key of a raw record written directly, in the raw stream's layout. */
export function rawObjectKey(record: RawRecord, id: string): string {
  const dt = record.received_at.slice(0, 10);
  return `${record.kind}/provider=${record.provider}/dt=${dt}/oversize-${id}.ndjson.gz`;
}

/**
 * The Lambda-side {@link EventSink}: canonical events packed as NDJSON into
 * few Firehose records (Firehose bills each record rounded up to 5 KB; the
 * events stream de-aggregates them), raw records one per Firehose record.
 * @example await new FirehoseSink({ firehose, eventsStream, rawStream, s3, bucket }).putEvents(events)
 */
export class FirehoseSink implements EventSink {
  private readonly opts: FirehoseSinkOptions;

  constructor(opts: FirehoseSinkOptions) {
    this.opts = opts;
  }

  /** Sends events to the events stream; throws unless all were accepted. */
  async putEvents(events: readonly EmailEvent[]): Promise<void> {
    if (events.length === 0) return;
    const records = packLines(events.map((e) => JSON.stringify(e)));
    await putRecordBatchReliably(
      this.opts.firehose,
      this.opts.eventsStream,
      records,
      this.opts.retry,
    );
  }

  /**
   * Sends raw records to the raw stream (its processor appends the newline);
   * one whose JSON is over the Firehose record limit goes to S3 as gzip.
   */
  async putRaw(records: readonly RawRecord[]): Promise<void> {
    const small: Uint8Array[] = [];
    const large: RawRecord[] = [];
    for (const record of records) {
      const bytes = encoder.encode(JSON.stringify(record));
      if (bytes.byteLength > FIREHOSE_LIMITS.maxRecordBytes) large.push(record);
      else small.push(bytes);
    }
    if (small.length > 0) {
      await putRecordBatchReliably(
        this.opts.firehose,
        this.opts.rawStream,
        small,
        this.opts.retry,
      );
    }
    for (const record of large) await this.putRawObject(record);
  }

  private async putRawObject(record: RawRecord): Promise<void> {
    await this.opts.s3.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: rawObjectKey(record, randomUUID()),
        Body: gzipSync(`${JSON.stringify(record)}\n`),
        ContentType: 'application/x-ndjson',
      }),
    );
  }
}
