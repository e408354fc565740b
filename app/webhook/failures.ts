import { PipelineError } from '../../core/errors';
import { countPipeline } from '../../core/metrics/pipeline';
import type { MetricPoint } from '../../core/metrics/types';
import { toIsoMillis } from '../../core/time';
import { bestEffort } from '../best-effort';
import { toRawRecord } from './raw-record';
import { REJECTION_STATUS, respond, statusOf } from './responses';
import type { WebhookDeps, WebhookRequest, WebhookResponse } from './types';
import { UnavailableError } from './unavailable';

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
    const raw = toRawRecord(req, toIsoMillis(now), err.reason);
    await bestEffort(
      () => deps.sink.putRaw([raw]),
      deps.logger,
      'rejected payload not stored',
      fields,
      'error',
    );
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
