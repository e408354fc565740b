import type { EmailEvent, Provider, Source } from './schema';

/**
 * A payload kept as received, for evidence and replay. `kind` routes it to
 * `raw/` (accepted) or `rejected/` (failed verification or parsing) in the
 * lake; secrets are redacted before a record is built.
 */
export interface RawRecord {
  readonly kind: 'raw' | 'rejected';
  readonly provider: Provider;
  readonly received_at: string;
  readonly source: Source;
  /** Why it was rejected (an error reason such as 'mismatch'), else null. */
  readonly reason: string | null;
  readonly content_type: string | null;
  /** The body as received: UTF-8 text, or base64 when not valid text. */
  readonly body: string;
  readonly body_encoding: 'utf8' | 'base64';
  /**
   * Set when `body` is only a prefix (an unauthenticated rejection keeps at
   * most 64 KiB): the whole body's size in bytes and SHA-256 (hex).
   */
  readonly body_bytes?: number;
  readonly body_sha256?: string;
  /** Transport request id (API Gateway, SNS message id…), for tracing. */
  readonly request_id: string | null;
}

/**
 * Where canonical events and raw payloads go: Firehose in AWS, a local lake
 * directory with `mailtrail serve`. Both throw when a write is not durable, so
 * a webhook answers 5xx and the provider retries.
 */
export interface EventSink {
  putEvents(events: readonly EmailEvent[]): Promise<void>;
  putRaw(records: readonly RawRecord[]): Promise<void>;
}
