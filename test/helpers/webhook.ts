import { createHmac } from 'node:crypto';
import { createMemoryReplayCache } from '../../adapters/local/memory-replay-cache';
import type {
  WebhookDeps,
  WebhookRequest,
  WebhookSecrets,
} from '../../app/webhook/types';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../../contract/env';
import type { MetricPoint } from '../../core/metrics/types';
import type { EventSink, RawRecord } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';
import { loadFixture } from './fixtures';

/** The key every Mailgun webhook fixture is signed with. */
export const MAILGUN_KEY = 'test-signing-key-123';
/** signature.timestamp of the Mailgun webhook fixtures. */
export const MAILGUN_FIXTURE_TS = 1773454203;
/** A `now` one minute after the fixtures were signed (inside the window). */
export const MAILGUN_NOW = new Date((MAILGUN_FIXTURE_TS + 60) * 1000);

export const BLASTENGINE_TOKEN = 'be-path-token-0123456789abcdef';
export const CMC_API_KEY = 'cmc-webhook-apikey-EXAMPLE-0001';
export const CMC_BASIC = { user: 'cmc-hook', password: 's3cret-pass' };

/** Secrets matching the fixtures and constants above. */
export const TEST_SECRETS: WebhookSecrets = {
  mailgunSigningKeys: [MAILGUN_KEY],
  blastengineTokens: [BLASTENGINE_TOKEN],
  cmc: { apiKeys: [CMC_API_KEY], basic: [CMC_BASIC] },
};

/** Hex HMAC-SHA256(key, timestamp + token), as Mailgun signs (§2.1). */
export function signMailgun(key: string, timestamp: string, token: string) {
  return createHmac('sha256', key)
    .update(timestamp + token)
    .digest('hex');
}

/** A Mailgun fixture body re-signed with a fresh token at `timestamp`. */
export function signedMailgunBody(
  fixture: string,
  timestamp = MAILGUN_FIXTURE_TS,
  token = `tok${timestamp}${fixture}`.padEnd(50, 'x').slice(0, 50),
  key = MAILGUN_KEY,
): Record<string, unknown> {
  const body = loadFixture<Record<string, unknown>>('mailgun', fixture);
  const ts = String(timestamp);
  body.signature = {
    timestamp: ts,
    token,
    signature: signMailgun(key, ts, token),
  };
  return body;
}

/** A webhook request with JSON defaults; override any field. */
export function webhookRequest(
  overrides: Partial<WebhookRequest> & Pick<WebhookRequest, 'provider'>,
): WebhookRequest {
  return {
    headers: { 'content-type': 'application/json' },
    body: '{}',
    isBase64Encoded: false,
    sourceIp: '203.0.113.7',
    requestId: 'req-1',
    ...overrides,
  };
}

/** An in-memory EventSink (the port, not the thing under test). */
export class MemorySink implements EventSink {
  readonly events: EmailEvent[] = [];
  readonly raw: RawRecord[] = [];
  failEvents: Error | undefined;
  failRaw: Error | undefined;

  async putEvents(events: readonly EmailEvent[]): Promise<void> {
    if (this.failEvents) throw this.failEvents;
    this.events.push(...events);
  }

  async putRaw(records: readonly RawRecord[]): Promise<void> {
    if (this.failRaw) throw this.failRaw;
    this.raw.push(...records);
  }
}

/** Deps wired to fakes; `published` collects every metric point. */
export function fakeDeps(overrides: Partial<WebhookDeps> = {}): WebhookDeps & {
  readonly sink: MemorySink;
  readonly published: MetricPoint[];
} {
  const published: MetricPoint[] = [];
  const now = overrides.now ?? (() => MAILGUN_NOW);
  return {
    secrets: async () => TEST_SECRETS,
    replayCache: createMemoryReplayCache(() => now().getTime()),
    publish: async (points) => {
      published.push(...points);
    },
    config: {
      toleranceSeconds: 300,
      maxBodyBytes: WEBHOOK_BODY_LIMIT_BYTES,
      timezone: 'Asia/Tokyo',
      allowedIps: [],
      metricDimensions: ['Provider'],
    },
    ...overrides,
    now,
    sink: (overrides.sink as MemorySink | undefined) ?? new MemorySink(),
    published,
  };
}
