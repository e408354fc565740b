import { MalformedPayloadError } from './errors';
import { normalizeInput } from './normalize-input';
import type { RawRecord } from './raw-record';
import { type EmailEvent, PROVIDERS, SOURCES } from './schema';
import * as z from './zod';

const RawRecordSchema = z.object({
  kind: z.enum(['raw', 'rejected']),
  provider: z.enum(PROVIDERS),
  received_at: z.string(),
  source: z.enum(SOURCES),
  reason: z.nullable(z.string()),
  content_type: z.nullable(z.string()),
  body: z.string(),
  body_encoding: z.enum(['utf8', 'base64']),
  request_id: z.nullable(z.string()),
});

/**
 * Parses one NDJSON line of a raw object back into a {@link RawRecord}.
 * @example parseRawRecord('{"kind":"raw","provider":"mailgun",…}')
 */
export function parseRawRecord(line: string): RawRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw new MalformedPayloadError(
      `raw record is not JSON: ${(cause as Error).message}`,
      { cause },
    );
  }
  const result = z.safeParse(RawRecordSchema, value);
  if (!result.success) {
    const where = result.error.issues
      .map((i) => i.path.join('.') || '(root)')
      .join(', ');
    throw new MalformedPayloadError(`raw record has invalid fields: ${where}`);
  }
  return result.data;
}

/** What re-normalizing a raw record needs besides the record. */
export interface RawNormalizeOptions {
  /** received_at of the new events (the replay time). */
  readonly receivedAt: string;
  /** IANA zone of CMC wall-clock times. @default 'Asia/Tokyo' */
  readonly timezone?: string;
}

/**
 * Derives the canonical events of an accepted raw record again, as the
 * pipeline did when it arrived: same provider, source and content type.
 * Throws a PipelineError when the body does not normalize.
 * @example normalizeRawRecord(record, { receivedAt: new Date().toISOString() })
 */
export function normalizeRawRecord(
  record: RawRecord,
  options: RawNormalizeOptions,
): EmailEvent[] {
  if (record.kind !== 'raw') {
    throw new MalformedPayloadError('a rejected record is not replayed');
  }
  // rawBodyOf keeps base64 only for bodies that are not UTF-8, which no
  // normalizer reads.
  if (record.body_encoding !== 'utf8') {
    throw new MalformedPayloadError('raw body is not UTF-8 text');
  }
  return normalizeInput(record.provider, record.body, {
    receivedAt: options.receivedAt,
    timezone: options.timezone,
    source: record.source,
    contentType: record.content_type ?? undefined,
  });
}
