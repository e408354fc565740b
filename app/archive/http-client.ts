import {
  isAuthStatus,
  isRetryableStatus,
  retryAfterMs,
  retryDelayMs,
  summarizeErrorBody,
} from '../../core/archive/retry';
import type { HttpRequestSpec } from '../../core/archive/types';
import { ProviderAuthError, ProviderHttpError } from './errors';

/** A provider response that passed (2xx). */
export interface ArchiveResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
}

/** Tuning and seams of {@link ArchiveHttpClient}. */
export interface ArchiveHttpOptions {
  /** Provider name for errors and logs. */
  readonly provider: string;
  /** Values never to show in an error (API keys, tokens). */
  readonly secrets: readonly string[];
  /** Per-attempt timeout, ms. @default 30_000 */
  readonly timeoutMs?: number;
  /** Attempts including the first. @default 5 */
  readonly maxAttempts?: number;
  /** @default 1_000 */
  readonly baseDelayMs?: number;
  /** Cap on one wait, also on Retry-After. @default 60_000 */
  readonly maxDelayMs?: number;
  /** Time left before the run must stop, ms; a retry never waits past it. */
  readonly remainingMs?: () => number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

/** One try: a 2xx response, or why it failed and whether to try again. */
type Attempt =
  | { readonly response: ArchiveResponse }
  | {
      readonly failure: Error;
      readonly retryable: boolean;
      readonly asked: number | null;
    };

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * HTTP for the archivers on global fetch: per-attempt timeout, retries with
 * exponential backoff and jitter on 429, 5xx and network errors (honouring
 * Retry-After and blastengine's X-Rate-Limit-Retry-After-Seconds),
 * ProviderAuthError on 401/403 without retry, secrets kept out of errors.
 * @example await new ArchiveHttpClient({ provider: 'cmc', secrets: [key] }).json(spec)
 */
export class ArchiveHttpClient {
  private readonly o: Required<ArchiveHttpOptions>;

  constructor(options: ArchiveHttpOptions) {
    this.o = {
      timeoutMs: 30_000,
      maxAttempts: 5,
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
      remainingMs: () => Number.POSITIVE_INFINITY,
      fetch: (...args) => globalThis.fetch(...args),
      sleep: defaultSleep,
      random: Math.random,
      now: Date.now,
      // An option passed as undefined keeps its default.
      ...(Object.fromEntries(
        Object.entries(options).filter(([, v]) => v !== undefined),
      ) as ArchiveHttpOptions),
    };
  }

  /** Sends `spec` and parses the JSON answer. */
  async json(spec: HttpRequestSpec): Promise<unknown> {
    const res = await this.send(spec);
    const text = Buffer.from(res.body).toString('utf8');
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new ProviderHttpError(
        this.o.provider,
        res.status,
        `${this.o.provider} ${this.where(spec)} answered non-JSON: ${this.summary(text)}`,
        { cause },
      );
    }
  }

  /** Sends `spec`, retrying what is worth retrying; resolves on 2xx only. */
  async send(spec: HttpRequestSpec): Promise<ArchiveResponse> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryOnce(spec);
      if ('response' in outcome) return outcome.response;
      if (!outcome.retryable) throw outcome.failure;
      await this.waitOrThrow(attempt, outcome.asked, outcome.failure);
    }
  }

  private async tryOnce(spec: HttpRequestSpec): Promise<Attempt> {
    let res: Response;
    let body: Uint8Array;
    try {
      res = await this.attempt(spec);
      body = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      return {
        failure: this.networkError(spec, err),
        retryable: true,
        asked: null,
      };
    }
    if (res.ok) {
      return { response: { status: res.status, headers: res.headers, body } };
    }
    const summary = this.summary(Buffer.from(body).toString('utf8'));
    if (isAuthStatus(res.status)) {
      const failure = new ProviderAuthError(
        this.o.provider,
        res.status,
        summary,
      );
      return { failure, retryable: false, asked: null };
    }
    const failure = new ProviderHttpError(
      this.o.provider,
      res.status,
      `${this.o.provider} ${this.where(spec)} failed with HTTP ${res.status}: ${summary}`,
    );
    return {
      failure,
      retryable: isRetryableStatus(res.status),
      asked: retryAfterMs((n) => res.headers.get(n), this.o.now()),
    };
  }

  private async waitOrThrow(
    attempt: number,
    asked: number | null,
    failure: Error,
  ): Promise<void> {
    const delay = retryDelayMs(
      attempt,
      asked,
      { baseMs: this.o.baseDelayMs, maxMs: this.o.maxDelayMs },
      this.o.random(),
    );
    const outOfTime = delay + this.o.timeoutMs > this.o.remainingMs();
    if (attempt >= this.o.maxAttempts || outOfTime) throw failure;
    await this.o.sleep(delay);
  }

  private async attempt(spec: HttpRequestSpec): Promise<Response> {
    return this.o.fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      signal: AbortSignal.timeout(this.o.timeoutMs),
      redirect: 'error',
    });
  }

  private networkError(spec: HttpRequestSpec, err: unknown): ProviderHttpError {
    const why = err instanceof Error ? err.message : String(err);
    return new ProviderHttpError(
      this.o.provider,
      null,
      `${this.o.provider} ${this.where(spec)} failed: ${this.summary(why)}`,
      { cause: err },
    );
  }

  /** Method and path only: query strings can carry filters, never shown. */
  private where(spec: HttpRequestSpec): string {
    return `${spec.method} ${new URL(spec.url).pathname}`;
  }

  private summary(text: string): string {
    return summarizeErrorBody(text, this.o.secrets);
  }
}
