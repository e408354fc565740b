import type { WebhookProvider } from '../../contract/webhook-providers';
import type { MetricDimension, MetricPoint } from '../../core/metrics/types';
import type { EventSink } from '../../core/raw-record';
import type { CmcVerifyConfig } from '../../core/verify/cmc';
import type { Log } from '../log';

/** One webhook call, independent of API Gateway or node:http. */
export interface WebhookRequest {
  readonly provider: WebhookProvider;
  /** The secret token in the URL path (blastengine). */
  readonly pathToken?: string;
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
  readonly sourceIp: string;
  readonly requestId: string;
}

/** What {@link handleWebhook} answers; the transport writes it out as is. */
export interface WebhookResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Webhook credentials; lists hold the current and, during a rotation, the
 * previous value, and any of them is accepted. Empty means not configured.
 */
export interface WebhookSecrets {
  readonly mailgunSigningKeys: readonly string[];
  readonly blastengineTokens: readonly string[];
  readonly cmc: CmcVerifyConfig;
}

/** Remembers Mailgun tokens already seen (docs/design.md "Webhook security"). */
export interface ReplayCache {
  /** True when `key` was not claimed before (now it is), false on a replay. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Frees a claimed key: the request was not stored, so a retry must pass. */
  release(key: string): Promise<void>;
}

/** Settings of the webhook pipeline, from lib/config.ts `webhooks`/`providers`. */
export interface WebhookConfig {
  /** Mailgun timestamp tolerance either way, seconds. */
  readonly toleranceSeconds: number;
  /** Largest accepted body in bytes; larger gets 413. */
  readonly maxBodyBytes: number;
  /** IANA zone of CMC's offset-less `created` times. */
  readonly timezone: string;
  /** blastengine source IPs allowed to call; empty allows any. */
  readonly allowedIps: readonly string[];
  /** Dimensions event counts are published under. */
  readonly metricDimensions: readonly MetricDimension[];
}

/** Everything {@link handleWebhook} does I/O or reads time through. */
export interface WebhookDeps {
  readonly sink: EventSink;
  /** Current credentials; the Lambda caches them with a TTL. */
  readonly secrets: () => Promise<WebhookSecrets>;
  readonly replayCache: ReplayCache;
  /** Publishes metric points; best effort (a failure is logged, not fatal). */
  readonly publish: (points: readonly MetricPoint[]) => Promise<void>;
  readonly now: () => Date;
  readonly config: WebhookConfig;
  /** @default no logging */
  readonly logger?: Log;
}
