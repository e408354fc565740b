import { MalformedPayloadError } from '../errors';
import { isoFromMillis } from '../iso-millis';
import type { TransportTime } from '../time';
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
      // Epoch ms; read leniently by firehoseTransportTime.
      approximateArrivalTimestamp: z.optional(z.unknown()),
    }),
  ),
});

/** A validated Firehose transformation event (the fields read here). */
export type FirehoseTransformEvent = z.output<
  typeof FirehoseTransformEventSchema
>;

/**
 * Decodes padded standard base64, or null when `data` is anything else. No
 * regular expression: Node's decoder skips characters outside the alphabet
 * and stops at misplaced padding, so a string of 4n characters decodes to
 * exactly 3n − padding bytes only when every character is valid (the
 * URL-safe `-` and `_`, which Node also reads, are refused first).
 */
function decodeBase64(data: string): Buffer | null {
  if (data.length % 4 !== 0 || data.includes('-') || data.includes('_')) {
    return null;
  }
  const pad = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(data, 'base64');
  return bytes.length === (data.length / 4) * 3 - pad ? bytes : null;
}

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

/**
 * The event when `x` is a Firehose data-transformation Lambda event, else
 * null: validated once, then read by {@link decodeFirehoseRecord}.
 */
export function asFirehoseTransformEvent(
  x: unknown,
): FirehoseTransformEvent | null {
  // Cheap shape test first: a failed zod parse builds issues, and most
  // payloads asked about are plain provider events.
  if (typeof x !== 'object' || x === null || !('records' in x)) return null;
  const parsed = FirehoseTransformEventSchema.safeParse(x);
  return parsed.success ? parsed.data : null;
}

/** True when `x` looks like a Firehose data-transformation Lambda event. */
export function isFirehoseTransformEvent(x: unknown): boolean {
  return asFirehoseTransformEvent(x) !== null;
}

/**
 * Decodes one record of a validated event from base64 to UTF-8 text; data
 * that is not base64 throws MalformedPayloadError naming `records.<index>`.
 */
export function decodeFirehoseRecord(
  record: FirehoseTransformEvent['records'][number],
  index: number,
): FirehoseTextRecord {
  const { recordId, data } = record;
  const bytes = decodeBase64(data);
  if (bytes === null) {
    throw new MalformedPayloadError(
      `${LABEL}: records.${index}.data (recordId ${recordId}) is not base64`,
    );
  }
  return { recordId, data: bytes.toString('utf8') };
}

/** The record's arrival time as a transport time, when it is a usable one. */
export function firehoseTransportTime(
  record: FirehoseTransformEvent['records'][number],
): TransportTime | null {
  const ms = record.approximateArrivalTimestamp;
  return typeof ms === 'number' && Number.isInteger(ms) && ms > 0
    ? { at: isoFromMillis(ms), field: 'firehose.approximateArrivalTimestamp' }
    : null;
}

/**
 * Decodes every record of a Firehose transformation event from base64 to
 * UTF-8 text, in order. Knows no provider; a bad envelope or data that is not
 * base64 throws MalformedPayloadError.
 * @example decodeFirehoseRecords(event).map((r) => splitNdjson(r.data))
 */
export function decodeFirehoseRecords(event: unknown): FirehoseTextRecord[] {
  const { records } = parseOrThrow(FirehoseTransformEventSchema, event, LABEL);
  return records.map(decodeFirehoseRecord);
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
