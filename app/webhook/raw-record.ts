import { bodyDigest, rawBodyOf } from '../../core/raw-body';
import type { RawRecord } from '../../core/raw-record';
import type { WebhookRequest } from './types';

/**
 * How much of an unauthenticated body `rejected/` keeps: anyone can POST to
 * the webhook URL, so what they send must not cost storage beyond this.
 */
export const REJECTED_BODY_MAX_BYTES = 64 * 1024;

/** How a request's body is kept. */
export interface KeepAs {
  readonly kind: RawRecord['kind'];
  /** Why it was rejected or some of its events refused; null when clean. */
  readonly reason: string | null;
  /**
   * The request was not authenticated: keep at most REJECTED_BODY_MAX_BYTES,
   * with the whole body's size and SHA-256.
   */
  readonly bounded?: boolean;
}

function keptBody(
  req: WebhookRequest,
  bounded: boolean,
): Pick<RawRecord, 'body' | 'body_encoding' | 'body_bytes' | 'body_sha256'> {
  const input = { ...req, contentType: req.headers['content-type'] };
  if (!bounded) return rawBodyOf(input);
  const { bytes, sha256 } = bodyDigest(input);
  return {
    ...rawBodyOf(input, REJECTED_BODY_MAX_BYTES),
    body_bytes: bytes,
    body_sha256: sha256,
  };
}

/**
 * The RawRecord of a request: body redacted, `raw` when it was accepted,
 * `rejected` with the reason when it was not; bounded when unauthenticated.
 */
export function toRawRecord(
  req: WebhookRequest,
  receivedAt: string,
  keep: KeepAs,
): RawRecord {
  return {
    kind: keep.kind,
    provider: req.provider,
    received_at: receivedAt,
    source: 'webhook',
    reason: keep.reason,
    content_type: req.headers['content-type'] ?? null,
    ...keptBody(req, keep.bounded ?? false),
    request_id: req.requestId,
  };
}
