import { decodeHttpBody } from '../../core/envelopes/http-body';
import { PipelineError, VerificationError } from '../../core/errors';
import { countEvents } from '../../core/metrics/aggregate';
import { countPipeline } from '../../core/metrics/pipeline';
import { NORMALIZERS } from '../../core/providers/index';
import { bodyByteLength } from '../../core/raw-body';
import type { RawRecord } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';
import { toIsoMillis } from '../../core/time';
import { bestEffort } from '../best-effort';
import { answerFailure } from './failures';
import { toRawRecord } from './raw-record';
import { respond } from './responses';
import type {
  WebhookConfig,
  WebhookDeps,
  WebhookRequest,
  WebhookResponse,
} from './types';
import { attempt } from './unavailable';
import { VERIFY_ADAPTERS } from './verify';

function memo<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

const mediaTypeOf = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Size, then media type: cheap checks before any secret is read. */
function assertAcceptable(req: WebhookRequest, config: WebhookConfig): void {
  const size = bodyByteLength(req);
  if (size > config.maxBodyBytes) {
    throw new PipelineError(
      `body is ${size} bytes; the limit is ${config.maxBodyBytes}`,
      'too-large',
    );
  }
  const { mediaTypes } = VERIFY_ADAPTERS[req.provider];
  const mediaType = mediaTypeOf(req.headers['content-type']);
  if (mediaType !== '' && !mediaTypes.includes(mediaType)) {
    throw new PipelineError(
      `unsupported content type ${mediaType}; ${req.provider} sends ${mediaTypes.join(' or ')}`,
      'unsupported',
    );
  }
}

/**
 * Provider verification, then a one-time claim of a Mailgun token; returns
 * the claimed key (to release if storing fails), if any.
 */
async function verify(
  req: WebhookRequest,
  deps: WebhookDeps,
  now: Date,
  payload: () => unknown,
): Promise<string | undefined> {
  const { config } = deps;
  const secrets = await attempt('secrets', deps.secrets);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { replayKey } = VERIFY_ADAPTERS[req.provider].verify({
    req,
    payload,
    secrets,
    config,
    nowSeconds,
  });
  if (replayKey === undefined) return undefined;
  // A token stays claimable only while its timestamp is within tolerance.
  const ttl = 2 * config.toleranceSeconds;
  const fresh = await attempt('replay cache', () =>
    deps.replayCache.claim(replayKey, ttl),
  );
  if (!fresh) throw new VerificationError('token was already used', 'replayed');
  return replayKey;
}

/**
 * Stores events and the raw body. If that fails the provider will retry, so
 * the token is released first: a retry that reuses the signature must not be
 * refused as a replay (docs/providers.md §2.1 does not say retries are re-signed).
 */
async function store(
  deps: WebhookDeps,
  events: readonly EmailEvent[],
  raw: RawRecord,
  claimed: string | undefined,
): Promise<void> {
  try {
    await attempt('sink', () =>
      Promise.all([
        events.length > 0 ? deps.sink.putEvents(events) : undefined,
        deps.sink.putRaw([raw]),
      ]),
    );
  } catch (err) {
    if (claimed !== undefined) {
      await deps.replayCache.release(claimed).catch(() => undefined);
    }
    throw err;
  }
}

/** Checks → verify → normalize → store events and the redacted raw body. */
async function ingest(
  req: WebhookRequest,
  deps: WebhookDeps,
  now: Date,
): Promise<EmailEvent[]> {
  assertAcceptable(req, deps.config);
  const payload = memo(() =>
    decodeHttpBody({
      body: req.body,
      contentType: req.headers['content-type'],
      isBase64Encoded: req.isBase64Encoded,
    }),
  );
  const claimed = await verify(req, deps, now, payload);
  const receivedAt = toIsoMillis(now);
  const events = NORMALIZERS[req.provider](payload(), {
    receivedAt,
    source: 'webhook',
    timezone: deps.config.timezone,
  });
  await store(deps, events, toRawRecord(req, receivedAt, null), claimed);
  return events;
}

/**
 * The webhook pipeline shared by the Lambda and `mailtrail serve`: verifies
 * before normalizing, stores events and the redacted raw body, then publishes
 * one batch of counts. Answers 2xx only once everything is durable; 4xx for
 * the sender's mistakes (stored as `rejected`), 5xx so the provider retries.
 * @example await handleWebhook({ provider: 'mailgun', headers, body, ... }, deps)
 */
export async function handleWebhook(
  req: WebhookRequest,
  deps: WebhookDeps,
): Promise<WebhookResponse> {
  const now = deps.now();
  const points = [countPipeline('WebhookRequests', { Provider: req.provider })];
  let res: WebhookResponse;
  try {
    const events = await ingest(req, deps, now);
    points.push(...countEvents(events, deps.config.metricDimensions));
    res = respond(200, { ok: true, events: events.length });
  } catch (err) {
    res = await answerFailure(err, req, deps, now, points);
  }
  // Best effort: what the response promises is durable already.
  await bestEffort(
    () => deps.publish(points),
    deps.logger,
    'metrics not published',
    {
      provider: req.provider,
      requestId: req.requestId,
    },
  );
  return res;
}
