import type { PipelineErrorReason } from '../../core/errors';
import type { WebhookResponse } from './types';

/**
 * HTTP status per error reason. Verification failures are 401, never 406:
 * Mailgun stops retrying on 406 (docs/providers.md §2.1), and a 401 caused by a
 * wrong or missing secret should be retried once the operator fixes it.
 */
const STATUS: Readonly<Partial<Record<PipelineErrorReason, number>>> = {
  malformed: 400,
  unsupported: 415,
  'too-large': 413,
  'missing-header': 401,
  'missing-credentials': 401,
  stale: 401,
  future: 401,
  mismatch: 401,
  replayed: 401,
  'forbidden-ip': 401,
  config: 500,
  undelivered: 503,
};

/** Statuses that are the sender's fault: counted, kept as `rejected`. */
export const REJECTION_STATUS: ReadonlySet<number> = new Set([
  400, 401, 413, 415,
]);

/** The HTTP status a PipelineError reason maps to; others are 500. */
export function statusOf(reason: PipelineErrorReason): number {
  return STATUS[reason] ?? 500;
}

/** A JSON response; webhook senders only read the status. */
export function respond(statusCode: number, body: unknown): WebhookResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
