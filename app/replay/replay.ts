import type { EventSink, RawRecord } from '../../core/raw-record';
import {
  normalizeRawRecord,
  parseRawRecord,
  type RawNormalizeOptions,
} from '../../core/raw-replay';
import type { EmailEvent, Provider } from '../../core/schema';

/** Which raw objects to replay: a provider and received days, all optional. */
export interface RawRange {
  readonly provider?: Provider;
  /** First received day (raw partition dt), YYYY-MM-DD, inclusive. */
  readonly from?: string;
  /** Last received day, YYYY-MM-DD, inclusive. */
  readonly to?: string;
}

/**
 * The port replay reads evidence through: the local lake's raw/ directory,
 * or the lake bucket's raw/ prefix in AWS. Read-only by design.
 */
export interface RawRecordSource {
  /** Keys of the raw objects in `range`, in a stable order. */
  list(range: RawRange): AsyncIterable<string>;
  /** One raw object as NDJSON text (decompressed), one record a line. */
  read(key: string): Promise<string>;
}

/** Turns a raw record into canonical events; swappable in tests. */
export type RawNormalizer = (
  record: RawRecord,
  options: RawNormalizeOptions,
) => EmailEvent[];

/** Counters after each raw object. */
export interface ReplayProgress {
  readonly objects: number;
  readonly records: number;
  readonly events: number;
  readonly failed: number;
}

/** A raw object or record that could not be replayed. */
export interface ReplayFailure {
  /** Object key, with `#<line>` for one record of it. */
  readonly key: string;
  readonly error: string;
}

/** What a replay did. */
export interface ReplaySummary extends ReplayProgress {
  /** Events handed to the sink (0 on a dry run). */
  readonly written: number;
  readonly failures: readonly ReplayFailure[];
}

/** Everything a replay touches; adapters decide where from and where to. */
export interface ReplayDeps {
  readonly source: RawRecordSource;
  /** Where the events go; omit for a dry run. */
  readonly sink?: Pick<EventSink, 'putEvents'>;
  /** The replay's clock: received_at of every replayed event. */
  readonly now: () => Date;
  /** @default normalizeRawRecord */
  readonly normalize?: RawNormalizer;
  /** IANA zone of CMC wall-clock times. @default 'Asia/Tokyo' */
  readonly timezone?: string;
  /** Events per sink write. @default 5000 */
  readonly batchSize?: number;
  readonly onProgress?: (progress: ReplayProgress) => void;
}

const errorText = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);

/**
 * Re-normalizes every raw record of `range` and writes the events again.
 * Idempotent: events keep their event_id, and as the newest received_at they
 * win in events_dedup. A record that fails is counted and listed, and the
 * replay goes on. Never writes to the raw store.
 * @example await replayRaw({ provider: 'mailgun' }, { source, sink, now: () => new Date() })
 */
export async function replayRaw(
  range: RawRange,
  deps: ReplayDeps,
): Promise<ReplaySummary> {
  const normalize = deps.normalize ?? normalizeRawRecord;
  const options: RawNormalizeOptions = {
    receivedAt: deps.now().toISOString(),
    timezone: deps.timezone,
  };
  const batchSize = deps.batchSize ?? 5000;
  const failures: ReplayFailure[] = [];
  let pending: EmailEvent[] = [];
  const counts = { objects: 0, records: 0, events: 0, written: 0 };
  const flush = async () => {
    if (deps.sink && pending.length > 0) {
      await deps.sink.putEvents(pending);
      counts.written += pending.length;
    }
    pending = [];
  };
  for await (const key of deps.source.list(range)) {
    counts.objects++;
    let text: string;
    try {
      text = await deps.source.read(key);
    } catch (err) {
      failures.push({ key, error: errorText(err) });
      continue;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() === '') continue;
      counts.records++;
      try {
        const events = normalize(parseRawRecord(lines[i]!), options);
        counts.events += events.length;
        pending.push(...events);
      } catch (err) {
        failures.push({ key: `${key}#${i + 1}`, error: errorText(err) });
      }
    }
    if (pending.length >= batchSize) await flush();
    deps.onProgress?.({ ...counts, failed: failures.length });
  }
  await flush();
  const { objects, records, events, written } = counts;
  return {
    objects,
    records,
    events,
    written,
    failed: failures.length,
    failures,
  };
}
