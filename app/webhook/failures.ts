import { PipelineError } from '../../core/errors';
import { countPipeline } from '../../core/metrics/pipeline';
import type { MetricPoint } from '../../core/metrics/types';
import { rawBodyOf } from '../../core/raw-body';
import type { RawRecord } from '../../core/raw-record';
import { toIsoMillis } from '../../core/time';
import { REJECTION_STATUS, respond, statusOf } from './responses';
import type { WebhookDeps, WebhookRequest, WebhookResponse } from './types';

/** A dependency (secrets, replay cache, sink) failed: answer 503, retry. */
export class UnavailableError extends Error {
  constructor(
    readonly step: string,
    options: { cause: unknown },
  ) {
    super(`${step} unavailable`, options);
    this.name = 'UnavailableError';
  }
}

/** Runs a dependency call; any failure becomes an UnavailableError (503). */
export async function attempt<T>(
  step: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new UnavailableError(step, { cause });
  }
}

/** The RawRecord of a request: body redacted, `rejected` with a reason. */
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

/** 4xx: count it and keep the (redacted) body as `rejected` evidence. */
async function reject(
  req: WebhookRequest,
  deps: WebhookDeps,
  now: Date,
  err: PipelineError,
  points: MetricPoint[],
): Promise<WebhookResponse> {
  const status = statusOf(err.reason);
  const fields = { provider: req.provider, requestId: req.requestId };
  deps.logger?.warn('webhook rejected', {
    ...fields,
    status,
    reason: err.reason,
  });
  const Provider = req.provider;
  points.push(
    countPipeline('WebhookRejected', { Provider, Reason: err.reason }),
  );
  if (err.reason === 'malformed') {
    points.push(countPipeline('NormalizeErrors', { Provider }));
  }
  // A too-large body is counted but not stored: it is what cannot be kept.
  if (status !== 413) {
    try {
      await deps.sink.putRaw([toRawRecord(req, toIsoMillis(now), err.reason)]);
    } catch (cause) {
      deps.logger?.error('rejected payload not stored', {
        ...fields,
        error: (cause as Error).name,
      });
    }
  }
  return respond(status, { error: err.message, reason: err.reason });
}

/**
 * Maps a failed request to its response: 4xx (counted, kept as `rejected`),
 * 503 when a dependency was down, 500 otherwise; never echoes a body.
 */
export async function answerFailure(
  err: unknown,
  req: WebhookRequest,
  deps: WebhookDeps,
  now: Date,
  points: MetricPoint[],
): Promise<WebhookResponse> {
  const fields = { provider: req.provider, requestId: req.requestId };
  if (
    err instanceof PipelineError &&
    REJECTION_STATUS.has(statusOf(err.reason))
  ) {
    return await reject(req, deps, now, err, points);
  }
  if (err instanceof UnavailableError) {
    deps.logger?.error(`${err.step} unavailable`, {
      ...fields,
      error: (err.cause as Error)?.name,
    });
    return respond(503, {
      error: `${err.step} unavailable; retry later`,
      reason: 'unavailable',
    });
  }
  // A `config` PipelineError (no secret set) or a bug: 500, so the provider
  // retries once it is fixed. Only mailtrail's own messages are echoed.
  const known = err instanceof PipelineError;
  const reason = known ? err.reason : 'internal';
  deps.logger?.error('webhook failed', {
    ...fields,
    reason,
    error: (err as Error).name,
  });
  return respond(500, {
    error: known ? err.message : 'internal error; retry later',
    reason,
  });
}
