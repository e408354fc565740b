import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type {
  ArchiveOutcome,
  ArchiveSummary,
} from '../../core/archive/summary';
import type {
  ArchiveProvider,
  HttpRequestSpec,
} from '../../core/archive/types';
import type { NormalizeContext } from '../../core/providers/types';
import type { EventSink } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';
import { type Log, NO_LOG } from '../log';
import type { ArchiveResponse } from './http-client';
import type { ArchiveStore, CursorStore } from './stores';

const gzipAsync = promisify(gzip);

/** The HTTP a run needs (ArchiveHttpClient, or a stub in tests). */
export interface ArchiveHttp {
  json(spec: HttpRequestSpec): Promise<unknown>;
  send(spec: HttpRequestSpec): Promise<ArchiveResponse>;
}

/** Counters reported while a run goes. */
export interface ArchiveProgress {
  readonly objects: number;
  readonly rows: number;
  readonly events: number;
  readonly elapsedMs: number;
}

/** Everything a run touches; the same for the Lambda and `backfill`. */
export interface ArchiveDeps {
  readonly http: ArchiveHttp;
  readonly store: ArchiveStore;
  readonly cursors: CursorStore;
  readonly sink: Pick<EventSink, 'putEvents'>;
  /** @default Date.now */
  readonly now?: () => number;
  /** Time left before the run must end, ms. @default unlimited */
  readonly remainingMs?: () => number;
  /** Stop starting new pages with less than this left. @default 120_000 */
  readonly stopMarginMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: Log;
  readonly onProgress?: (progress: ArchiveProgress) => void;
  /** IANA zone for CMC wall-clock times. @default 'Asia/Tokyo' */
  readonly timezone?: string;
}

/** A cursor loaded for a run; `save` is a conditional write. */
export class CursorHandle<T> {
  constructor(
    private readonly store: CursorStore,
    readonly id: string,
    public value: T,
    private version: string | null,
  ) {}

  /** Persists `next` (only ever after the data it covers is written). */
  async save(next: T): Promise<void> {
    this.version = await this.store.save(this.id, next, this.version);
    this.value = next;
  }
}

/**
 * One archiver run: the deadline, the writes (gzip JSON pages, events) and
 * their counters. Provider runners only plan (core/archive) and call this.
 */
export class ArchiveRun {
  readonly http: ArchiveHttp;
  readonly log: Log;
  /** Monotonic start: the wall clock can step backwards on a VM. */
  private readonly started = performance.now();
  private objects = 0;
  private rows = 0;
  private events = 0;
  private normalizeErrors = 0;

  constructor(
    readonly provider: ArchiveProvider,
    private readonly deps: ArchiveDeps,
  ) {
    this.http = deps.http;
    this.log = deps.log ?? NO_LOG;
  }

  /** The run's clock, epoch ms. */
  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** True once too little time is left to start another page. */
  outOfTime(): boolean {
    const left = this.deps.remainingMs?.() ?? Number.POSITIVE_INFINITY;
    return left < (this.deps.stopMarginMs ?? 120_000);
  }

  /** Waits (report polling). */
  async sleep(ms: number): Promise<void> {
    const sleep =
      this.deps.sleep ??
      ((t: number) => new Promise<void>((r) => setTimeout(r, t)));
    await sleep(ms);
  }

  /** Loads a cursor, parsed (and validated) by `parse`. */
  async cursor<T>(
    id: string,
    parse: (value: unknown) => T,
  ): Promise<CursorHandle<T>> {
    const stored = await this.deps.cursors.load(id);
    return new CursorHandle(
      this.deps.cursors,
      id,
      parse(stored.value),
      stored.version,
    );
  }

  /** Writes `value` as gzip JSON at `key`. */
  async writeJson(key: string, value: unknown): Promise<void> {
    const body = await gzipAsync(JSON.stringify(value));
    await this.writeBytes(key, body, 'application/json');
  }

  /** Writes raw bytes at `key` (report zips; pages go through writeJson). */
  async writeBytes(
    key: string,
    body: Uint8Array,
    contentType: string,
  ): Promise<void> {
    await this.deps.store.putObject(key, body, contentType);
    this.objects++;
    this.report();
  }

  /**
   * Normalizes each payload (one provider row each) with source 'archive'
   * and sends the events. A row the normalizer rejects is counted and
   * logged, not fatal: its raw page is already archived.
   */
  async putEvents(
    payloads: readonly unknown[],
    normalize: (payload: unknown, ctx: NormalizeContext) => EmailEvent[],
  ): Promise<void> {
    const ctx: NormalizeContext = {
      receivedAt: new Date(this.now()).toISOString(),
      source: 'archive',
      timezone: this.deps.timezone,
    };
    const events: EmailEvent[] = [];
    for (const payload of payloads) {
      try {
        events.push(...normalize(payload, ctx));
      } catch (err) {
        this.normalizeErrors++;
        this.log.warn('archived row not normalized', {
          provider: this.provider,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    await this.deps.sink.putEvents(events);
    this.rows += payloads.length;
    this.events += events.length;
    this.report();
  }

  /** The run's counters with how it ended. */
  summary(outcome: ArchiveOutcome): ArchiveSummary {
    return {
      provider: this.provider,
      outcome,
      objects: this.objects,
      rows: this.rows,
      events: this.events,
      normalizeErrors: this.normalizeErrors,
      elapsedMs: Math.round(performance.now() - this.started),
    };
  }

  private report(): void {
    const { objects, rows, events } = this;
    this.deps.onProgress?.({
      objects,
      rows,
      events,
      elapsedMs: Math.round(performance.now() - this.started),
    });
  }
}
