import { PipelineError } from '../../core/errors';
import { countPipeline } from '../../core/metrics/pipeline';
import type { MetricPoint } from '../../core/metrics/types';
import { toIsoMillis } from '../../core/time';
import { bestEffort } from '../best-effort';
import { type KeepAs, toRawRecord } from './raw-record';
import { REJECTION_STATUS, respond, statusOf } from './responses';
import type { WebhookDeps, WebhookRequest, WebhookResponse } from './types';
import { UnavailableError } from './unavailable';

/** Where the failed request got to: past verification or not. */
export interface FailureContext {
  readonly req: WebhookRequest;
  readonly deps: WebhookDeps;
  readonly now: Date;
  readonly points: MetricPoint[];
  /** Verification passed: the body is the provider's, keep it whole. */
  readonly authenticated: boolean;
}

/** Keeps the body of a failed request as `rejected`; best effort. */
async function keepRejected(ctx: FailureContext, reason: string) {
  const { req, deps } = ctx;
  const keep: KeepAs = {
    kind: 'rejected',
    reason,
    bounded: !ctx.authenticated,
  };
  const raw = toRawRecord(req, toIsoMillis(ctx.now), keep);
  await bestEffort(
    () => deps.sink.putRaw([raw]),
    deps.logger,
    'rejected payload not stored',
    { provider: req.provider, requestId: req.requestId },
    'error',
  );
}

/** 4xx: count it and keep the (redacted) body as `rejected` evidence. */
async function reject(
  err: PipelineError,
  ctx: FailureContext,
): Promise<WebhookResponse> {
  const { req, deps } = ctx;
  const status = statusOf(err.reason);
  deps.logger?.warn('webhook rejected', {
    provider: req.provider,
    requestId: req.requestId,
    status,
    reason: err.reason,
  });
  const Provider = req.provider;
  ctx.points.push(
    countPipeline('WebhookRejected', { Provider, Reason: err.reason }),
  );
  if (err.reason === 'malformed') {
    ctx.points.push(countPipeline('NormalizeErrors', { Provider }));
  }
  // A too-large body is counted but not stored: it is what cannot be kept.
  if (status !== 413) await keepRejected(ctx, err.reason);
  return respond(status, { error: err.message, reason: err.reason });
}

/**
 * Maps a failed request to its response: 4xx (counted, kept as `rejected`),
 * 503 when a dependency was down, 500 otherwise (counted, kept as
 * `rejected`); never echoes a body.
 */
export async function answerFailure(
  err: unknown,
  ctx: FailureContext,
): Promise<WebhookResponse> {
  const { req, deps } = ctx;
  const fields = { provider: req.provider, requestId: req.requestId };
  if (
    err instanceof PipelineError &&
    REJECTION_STATUS.has(statusOf(err.reason))
  ) {
    return await reject(err, ctx);
  }
  const Provider = req.provider;
  if (err instanceof UnavailableError) {
    deps.logger?.error(`${err.step} unavailable`, {
      ...fields,
      error: (err.cause as Error)?.name,
    });
    ctx.points.push(
      countPipeline('WebhookFailed', { Provider, Reason: 'unavailable' }),
    );
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
  ctx.points.push(countPipeline('WebhookFailed', { Provider, Reason: reason }));
  await keepRejected(ctx, reason);
  return respond(500, {
    error: known ? err.message : 'internal error; retry later',
    reason,
  });
}
