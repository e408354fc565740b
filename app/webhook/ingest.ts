import { decodeHttpBody } from '../../core/envelopes/http-body';
import { PipelineError, VerificationError } from '../../core/errors';
import { admitEvents, type EventRefusal } from '../../core/event-admission';
import { countEvents } from '../../core/metrics/aggregate';
import { countPipeline } from '../../core/metrics/pipeline';
import { NORMALIZERS } from '../../core/providers/index';
import { bodyByteLength, bodyDigest } from '../../core/raw-body';
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

/** The request's whole body hashed once: replay claims and bounded keeps. */
const bodySha256Of = (req: WebhookRequest): string =>
  bodyDigest({ body: req.body, isBase64Encoded: req.isBase64Encoded }).sha256;

/**
 * Provider verification, then, for Mailgun, a claim of the token for this
 * body: the identical delivery may come again after any failure (or after a
 * success: its events dedup by event_id), so nothing is ever released; the
 * same token with another body is a replay.
 */
async function verify(
  req: WebhookRequest,
  deps: WebhookDeps,
  now: Date,
  payload: () => unknown,
): Promise<void> {
  const { config } = deps;
  const secrets = await attempt('secrets', () => deps.secrets(req.provider));
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const { replayKey } = VERIFY_ADAPTERS[req.provider].verify({
    req,
    payload,
    secrets,
    config,
    nowSeconds,
  });
  if (replayKey === undefined) return;
  // A token stays claimable only while its timestamp is within tolerance.
  const ttl = 2 * config.toleranceSeconds;
  const fresh = await attempt('replay cache', () =>
    deps.replayCache.claim(replayKey, bodySha256Of(req), ttl),
  );
  if (!fresh) {
    throw new VerificationError(
      'token was already used for another body',
      'replayed',
    );
  }
}

/** What an accepted request stored, and the events it kept out. */
interface Ingested {
  readonly events: readonly EmailEvent[];
  readonly refused: readonly EventRefusal[];
}

/**
 * Checks → verify → normalize → admit (schema, record size) → store the
 * admitted events and the redacted raw body. A refused event is counted and
 * its raw body kept (reason set), and the request still answers 2xx: the
 * provider's retry would be refused the same way.
 */
async function ingest(
  req: WebhookRequest,
  deps: WebhookDeps,
  now: Date,
  progress: { authenticated: boolean },
): Promise<Ingested> {
  assertAcceptable(req, deps.config);
  const payload = memo(() =>
    decodeHttpBody({
      body: req.body,
      contentType: req.headers['content-type'],
      isBase64Encoded: req.isBase64Encoded,
    }),
  );
  await verify(req, deps, now, payload);
  progress.authenticated = true;
  const receivedAt = toIsoMillis(now);
  const normalized = NORMALIZERS[req.provider](payload(), {
    receivedAt,
    source: 'webhook',
    timezone: deps.config.timezone,
  });
  const { admitted, refused } = admitEvents(normalized);
  const raw = toRawRecord(req, receivedAt, {
    kind: 'raw',
    reason: refused[0] ?? null,
  });
  await attempt('sink', () =>
    Promise.all([
      admitted.length > 0 ? deps.sink.putEvents(admitted) : undefined,
      deps.sink.putRaw([raw]),
    ]),
  );
  return { events: admitted, refused };
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
  const progress = { authenticated: false };
  let res: WebhookResponse;
  try {
    const { events, refused } = await ingest(req, deps, now, progress);
    points.push(
      ...countEvents(
        events,
        deps.config.metricDimensions,
        deps.config.sendingDomains,
      ),
    );
    for (const Reason of refused) {
      points.push(
        countPipeline('EventsRefused', { Provider: req.provider, Reason }),
      );
    }
    res = respond(200, { ok: true, events: events.length });
  } catch (err) {
    res = await answerFailure(err, { req, deps, now, points, ...progress });
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
