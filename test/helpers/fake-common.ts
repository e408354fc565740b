import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Credentials the fake accepts (anything else gets 401). */
export const FAKE_CREDENTIALS = {
  blastengine: { loginId: 'fake-login', apiKey: 'fake-be-key-0001' },
  mailgun: { apiKey: 'key-fake-mailgun-0001' },
  cmc: { apiUser: 'fake-cmc-user', apiKey: 'fake-cmc-key-0001' },
} as const;

/** The Mailgun domain the fixtures belong to. */
export const FAKE_MAILGUN_DOMAIN = 'mg.example.com';

/** A request as the fake saw it. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A canned answer. */
export interface FakeReply {
  readonly status: number;
  readonly body: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Makes matching requests fail `times` times (default once). */
export interface FailRule {
  readonly match: (req: FakeRequest) => boolean;
  readonly status: number;
  readonly times?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Answer only after this long (for client timeouts). */
  readonly delayMs?: number;
}

/** Routes of one provider: a reply, or undefined when the path is not theirs. */
export type FakeRoutes = (
  req: FakeRequest,
  origin: string,
) => FakeReply | undefined;

/** The running fake: one server, a base URL per provider. */
export interface FakeProviders {
  readonly origin: string;
  readonly blastengineUrl: string;
  readonly mailgunUrl: string;
  readonly cmcUrl: string;
  /** Every request received, in order. */
  readonly requests: FakeRequest[];
  fail(rule: FailRule): void;
  /** Forgets requests, pending failures and state (job ids, polls). */
  reset(): void;
  close(): Promise<void>;
}

/** A JSON reply. */
export function json(value: unknown, status = 200): FakeReply {
  return {
    status,
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
  };
}

/** The blastengine Bearer token, derived here as the docs describe (§3.2). */
export function fakeBlastengineBearer(): string {
  const { loginId, apiKey } = FAKE_CREDENTIALS.blastengine;
  const hex = createHash('sha256')
    .update(loginId + apiKey)
    .digest('hex');
  return `Bearer ${Buffer.from(hex).toString('base64')}`;
}
