import type { RawRecord } from './raw-record';
import { redactSecrets } from './redact-secrets';

/** A request body as the transport hands it over. */
export interface TransportBody {
  readonly body: string;
  /** API Gateway sets this when it base64-encoded the body. */
  readonly isBase64Encoded: boolean;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const base64Bytes = (body: string): Buffer => Buffer.from(body, 'base64');

/** The size of a body in bytes as it was sent, before any base64 wrapping. */
export function bodyByteLength(input: TransportBody): number {
  return input.isBase64Encoded
    ? base64Bytes(input.body).length
    : Buffer.byteLength(input.body, 'utf8');
}

/**
 * The body to keep in a RawRecord, secrets redacted: UTF-8 text when it is
 * valid UTF-8, else base64 (redacted through a byte-preserving latin1 view).
 * @example rawBodyOf({ body: 'api_key=k', isBase64Encoded: false })
 */
export function rawBodyOf(
  input: TransportBody,
): Pick<RawRecord, 'body' | 'body_encoding'> {
  if (!input.isBase64Encoded) {
    return { body: redactSecrets(input.body), body_encoding: 'utf8' };
  }
  const bytes = base64Bytes(input.body);
  try {
    return { body: redactSecrets(UTF8.decode(bytes)), body_encoding: 'utf8' };
  } catch {
    const redacted = redactSecrets(bytes.toString('latin1'));
    return {
      body: Buffer.from(redacted, 'latin1').toString('base64'),
      body_encoding: 'base64',
    };
  }
}
