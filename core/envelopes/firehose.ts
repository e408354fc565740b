import { MalformedPayloadError } from '../errors';
import { parseOrThrow } from '../validate';
import * as z from '../zod';

const LABEL = 'Firehose transformation event';

// {invocationId, deliveryStreamArn, region, records:[{recordId,
// approximateArrivalTimestamp, data(base64)}]} (docs/providers.md §1.1).
const FirehoseTransformEventSchema = z.object({
  invocationId: z.string(),
  deliveryStreamArn: z.string(),
  records: z.array(
    z.object({
      recordId: z.string().check(z.minLength(1)),
      data: z.string(),
    }),
  ),
});

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** One Firehose record with its data decoded to UTF-8 text. */
export interface FirehoseTextRecord {
  readonly recordId: string;
  readonly data: string;
}

/** What a transformation Lambda may answer for a record (AWS status model). */
export type FirehoseResult = 'Ok' | 'Dropped' | 'ProcessingFailed';

/** One record of a transformation response; `data` is base64. */
export interface FirehoseTransformedRecord {
  readonly recordId: string;
  readonly result: FirehoseResult;
  readonly data: string;
  /** Keys for dynamic partitioning, when the stream uses them. */
  readonly metadata?: { readonly partitionKeys: Record<string, string> };
}

/** The response a transformation Lambda returns. */
export interface FirehoseTransformResponse {
  readonly records: readonly FirehoseTransformedRecord[];
}

/** True when `x` looks like a Firehose data-transformation Lambda event. */
export function isFirehoseTransformEvent(x: unknown): boolean {
  // Cheap shape test first: a failed zod parse builds issues, and most
  // payloads asked about are plain provider events.
  return (
    typeof x === 'object' &&
    x !== null &&
    'records' in x &&
    FirehoseTransformEventSchema.safeParse(x).success
  );
}

/**
 * Decodes every record of a Firehose transformation event from base64 to
 * UTF-8 text, in order. Knows no provider; a bad envelope or data that is not
 * base64 throws MalformedPayloadError.
 * @example decodeFirehoseRecords(event).map((r) => splitNdjson(r.data))
 */
export function decodeFirehoseRecords(event: unknown): FirehoseTextRecord[] {
  const { records } = parseOrThrow(FirehoseTransformEventSchema, event, LABEL);
  return records.map(({ recordId, data }, i) => {
    if (!BASE64.test(data)) {
      throw new MalformedPayloadError(
        `${LABEL}: records.${i}.data (recordId ${recordId}) is not base64`,
      );
    }
    return { recordId, data: Buffer.from(data, 'base64').toString('utf8') };
  });
}

/**
 * Parses NDJSON: one JSON value per line. SES ends every record with '\n'
 * (docs/providers.md §1.1); blank lines are skipped, CRLF is tolerated, and a bad
 * line throws MalformedPayloadError naming its 1-based line number.
 */
export function splitNdjson(text: string): unknown[] {
  const values: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line));
    } catch (cause) {
      throw new MalformedPayloadError(`NDJSON line ${i + 1} is not JSON`, {
        cause,
      });
    }
  });
  return values;
}

/**
 * Builds one record of a transformation response: `text` is encoded as UTF-8
 * base64, `partitionKeys` become dynamic-partitioning metadata.
 * @example encodeFirehoseResult({ recordId, result: 'Ok', text: `${json}\n` })
 */
export function encodeFirehoseResult(input: {
  readonly recordId: string;
  readonly result: FirehoseResult;
  readonly text: string;
  readonly partitionKeys?: Record<string, string>;
}): FirehoseTransformedRecord {
  const record = {
    recordId: input.recordId,
    result: input.result,
    data: Buffer.from(input.text, 'utf8').toString('base64'),
  };
  return input.partitionKeys
    ? { ...record, metadata: { partitionKeys: input.partitionKeys } }
    : record;
}
