import { createHash } from 'node:crypto';
import type { RawRecord } from './raw-record';
import { redactSecrets } from './redact-secrets';

/** A request body as the transport hands it over. */
export interface TransportBody {
  readonly body: string;
  /** API Gateway sets this when it base64-encoded the body. */
  readonly isBase64Encoded: boolean;
  /** The request's Content-Type: its multipart boundary guides redaction. */
  readonly contentType?: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const base64Bytes = (body: string): Buffer => Buffer.from(body, 'base64');

const bytesOf = (input: TransportBody): Buffer =>
  input.isBase64Encoded
    ? base64Bytes(input.body)
    : Buffer.from(input.body, 'utf8');

/** The size of a body in bytes as it was sent, before any base64 wrapping. */
export function bodyByteLength(input: TransportBody): number {
  return input.isBase64Encoded
    ? base64Bytes(input.body).length
    : Buffer.byteLength(input.body, 'utf8');
}

/** Size and SHA-256 (hex) of the whole body as sent, for a kept prefix. */
export function bodyDigest(input: TransportBody): {
  bytes: number;
  sha256: string;
} {
  const bytes = bytesOf(input);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes: bytes.length, sha256 };
}

/**
 * The first `max` bytes, backed off so no UTF-8 character is cut (at most 3
 * continuation bytes are dropped).
 */
function utf8Prefix(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > max - 3 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * The body to keep in a RawRecord, secrets redacted: UTF-8 text when it is
 * valid UTF-8, else base64 (redacted through a byte-preserving latin1 view).
 * With `maxBytes`, only that prefix is kept, and it is cut BEFORE redacting,
 * so redaction time is bounded by what is kept, not by what was sent.
 * @example rawBodyOf({ body: 'api_key=k', isBase64Encoded: false })
 */
export function rawBodyOf(
  input: TransportBody,
  maxBytes?: number,
): Pick<RawRecord, 'body' | 'body_encoding'> {
  const { contentType } = input;
  if (!input.isBase64Encoded && maxBytes === undefined) {
    return {
      body: redactSecrets(input.body, contentType),
      body_encoding: 'utf8',
    };
  }
  const all = bytesOf(input);
  const bytes = maxBytes === undefined ? all : utf8Prefix(all, maxBytes);
  try {
    const text = UTF8.decode(bytes);
    return { body: redactSecrets(text, contentType), body_encoding: 'utf8' };
  } catch {
    const redacted = redactSecrets(bytes.toString('latin1'), contentType);
    return {
      body: Buffer.from(redacted, 'latin1').toString('base64'),
      body_encoding: 'base64',
    };
  }
}
