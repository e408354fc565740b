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

/**
 * Remembers which body each Mailgun token was used for (docs/webhooks.md
 * "Replay protection"): the identical delivery may come again (a retry; its
 * events dedup by event_id), another body under the same token may not.
 */
export interface ReplayCache {
  /**
   * True when `key` is free, expired, or already held for `bodySha256` (now
   * it is held for it until the TTL); false when it is held for another body.
   */
  claim(key: string, bodySha256: string, ttlSeconds: number): Promise<boolean>;
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
  /** Domains with their own SendingDomain value (others: `(other)`). @default [] */
  readonly sendingDomains?: readonly string[];
}

/** Everything {@link handleWebhook} does I/O or reads time through. */
export interface WebhookDeps {
  readonly sink: EventSink;
  /**
   * Current credentials of one provider (the others' may be left empty);
   * the Lambda reads and caches each provider's secret on its own.
   */
  readonly secrets: (provider: WebhookProvider) => Promise<WebhookSecrets>;
  readonly replayCache: ReplayCache;
  /** Publishes metric points; best effort (a failure is logged, not fatal). */
  readonly publish: (points: readonly MetricPoint[]) => Promise<void>;
  readonly now: () => Date;
  readonly config: WebhookConfig;
  /** @default no logging */
  readonly logger?: Log;
}
