import { rawBodyOf } from '../../core/raw-body';
import type { RawRecord } from '../../core/raw-record';
import type { WebhookRequest } from './types';

/**
 * The RawRecord of a request: body redacted, `raw` when it was accepted,
 * `rejected` with the reason when it was not.
 */
export function toRawRecord(
  req: WebhookRequest,
  receivedAt: string,
  reason: string | null,
): RawRecord {
  return {
    kind: reason === null ? 'raw' : 'rejected',
    provider: req.provider,
    received_at: receivedAt,
    source: 'webhook',
    reason,
    content_type: req.headers['content-type'] ?? null,
    ...rawBodyOf({ ...req, contentType: req.headers['content-type'] }),
    request_id: req.requestId,
  };
}
