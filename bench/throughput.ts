import { eventId } from '../core/event-id';
import type { normalizeInput } from '../core/normalize-input';
import {
  type EmailEvent,
  EVENT_COLUMNS,
  PROVIDERS,
  type Provider,
} from '../core/schema';
import { jsonBaseline, jsonParseLayers } from './baseline';
import { type CorpusPayload, generateProviderCorpus } from './corpus';
import { median } from './stats';

/** Normalizer and baseline time over one provider's share of the corpus. */
export interface ThroughputRow {
  readonly provider: Provider | 'all';
  readonly payloads: number;
  readonly events: number;
  readonly bytes: number;
  /** Median over repetitions, seconds. */
  readonly normalizeSeconds: number;
  readonly baselineSeconds: number;
  /**
   * The floor: what any normalizer with this output must do at least (every
   * JSON layer parsed, one event id digest and one sink serialization per
   * canonical event), over the same payloads.
   */
  readonly floorSeconds: number;
  /** The floor's parts (and `compact`), each the median over repetitions, seconds. */
  readonly floorParts: Readonly<Record<FloorPart, number>>;
  /** Every repetition, seconds, for the JSON output. */
  readonly normalizeRuns: readonly number[];
  readonly baselineRuns: readonly number[];
  readonly floorRuns: readonly number[];
  readonly floorPartRuns: Readonly<Record<FloorPart, readonly number[]>>;
}

/**
 * The floor's parts: JSON layers parsed, event id digests, sink
 * serialization; and, beside them but not in the floor, `compact`: the same
 * events serialized as a compact sink format would write them.
 */
const FLOOR_PARTS = ['parse', 'id', 'serialize', 'compact'] as const;
export type FloorPart = (typeof FLOOR_PARTS)[number];

/** How the throughput pass runs. */
export interface ThroughputOptions {
  readonly events: number;
  readonly seed: number;
  readonly repetitions: number;
  readonly warmupEvents: number;
  /** The measured normalizer: the deployed bundle's (bench/deployed.ts). */
  readonly normalize: typeof normalizeInput;
  readonly onProgress?: (line: string) => void;
}

const RECEIVED_AT = '2026-03-14T03:00:00.000Z';
/** Payloads timed together (≥ 8 MB or 5,000 payloads): clocks may tick in 4 ms steps. */
const CHUNK_BYTES = 8_000_000;
const CHUNK_PAYLOADS = 5_000;
let sink = 0;

/**
 * The measured code: envelope detection + JSON.parse + NORMALIZERS[p], then
 * each canonical event serialized as the sink does (`JSON.stringify(event)`).
 */
function normalizeChunk(
  chunk: readonly CorpusPayload[],
  normalize: typeof normalizeInput,
): number {
  let events = 0;
  for (const p of chunk) {
    const out = normalize(p.provider, p.body, {
      receivedAt: RECEIVED_AT,
      contentType: p.contentType,
    });
    for (const e of out) sink += JSON.stringify(e).length;
    events += out.length;
  }
  return events;
}

/** The baseline: every JSON layer parsed, each innermost document stringified. */
function baselineChunk(chunk: readonly CorpusPayload[]): void {
  for (const p of chunk) sink += jsonBaseline(p.body, p.contentType);
}

/** Bytes of payloads per floor slice: their events stay in the CPU cache. */
const FLOOR_SLICE_BYTES = 64 * 1024;

/** The floor's parts, nanoseconds. */
type FloorParts = Record<FloorPart, bigint>;

/** Each column's key in a compact format: a, b, c… (never numeric: those are indexes). */
const SHORT_KEYS: readonly (readonly [keyof EmailEvent, string])[] =
  EVENT_COLUMNS.map((c, i) => [
    c.name as keyof EmailEvent,
    String.fromCharCode(97 + i),
  ]);

/**
 * An event as a compact sink format would write it: one-letter keys (which
 * the OpenX JSON SerDe's ColumnToJsonKeyMappings would map back to the
 * columns) and nulls left out (a missing key reads as null). Not shipped:
 * the bench prices it so the choice can be made on a figure.
 */
function compactOf(e: EmailEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of SHORT_KEYS) {
    const value = e[name];
    if (value !== null) out[key] = value;
  }
  return out;
}

/**
 * The floor's work on one slice, each part timed on its own: every JSON
 * layer parsed (jsonParseLayers); one id digest per canonical event
 * (core/event-id.ts over four parts shaped like a real id key); and
 * `JSON.stringify(event)` per event, as the sink writes it.
 */
function floorSlice(
  slice: readonly CorpusPayload[],
  events: readonly EmailEvent[],
  compact: readonly Record<string, unknown>[],
  ns: FloorParts,
): void {
  const t0 = process.hrtime.bigint();
  for (const p of slice) sink += jsonParseLayers(p.body, p.contentType);
  const t1 = process.hrtime.bigint();
  for (const e of events) {
    sink += eventId(e.provider, [
      e.message_id,
      e.recipient,
      e.provider_event,
      e.occurred_at,
    ]).length;
  }
  const t2 = process.hrtime.bigint();
  for (const e of events) sink += JSON.stringify(e).length;
  const t3 = process.hrtime.bigint();
  for (const c of compact) sink += JSON.stringify(c).length;
  const t4 = process.hrtime.bigint();
  ns.parse += t1 - t0;
  ns.id += t2 - t1;
  ns.serialize += t3 - t2;
  ns.compact += t4 - t3;
}

/**
 * The floor over a chunk, in slices of ≤ FLOOR_SLICE_BYTES: each slice's
 * events are made untimed, then its floor work is timed while they are still
 * in cache, as the normalizer's own events are when the sink serializes them.
 * Many short spans: on a coarse clock each is quantized, but their sum is
 * unbiased because the untimed work between them shifts the phase.
 */
function floorChunk(
  chunk: readonly CorpusPayload[],
  normalize: typeof normalizeInput,
  ns: FloorParts,
): number {
  let out = 0;
  for (let start = 0; start < chunk.length; ) {
    let end = start;
    let bytes = 0;
    while (end < chunk.length && (end === start || bytes < FLOOR_SLICE_BYTES)) {
      bytes += chunk[end]!.body.length;
      end++;
    }
    const slice = chunk.slice(start, end);
    const events = slice.flatMap((p) =>
      normalize(p.provider, p.body, {
        receivedAt: RECEIVED_AT,
        contentType: p.contentType,
      }),
    );
    floorSlice(slice, events, events.map(compactOf), ns);
    out += events.length;
    start = end;
  }
  return out;
}

interface Pass {
  payloads: number;
  events: number;
  bytes: number;
  normalize: number;
  baseline: number;
  floor: FloorParts;
}

/** One pass over a provider's share; chunk by chunk, each side takes its turn first. */
function pass(
  provider: Provider,
  events: number,
  seed: number,
  normalize: typeof normalizeInput,
): Pass {
  const r: Pass = {
    payloads: 0,
    events: 0,
    bytes: 0,
    normalize: 0,
    baseline: 0,
    floor: mapParts(() => 0n),
  };
  let chunk: CorpusPayload[] = [];
  let chunkBytes = 0;
  let turn = 0;
  const flush = () => {
    const expected = chunk.reduce((n, p) => n + p.events, 0);
    const timeIt = <T>(fn: () => T) => {
      const t0 = process.hrtime.bigint();
      const out = fn();
      return { s: Number(process.hrtime.bigint() - t0) / 1e9, out };
    };
    const count = (side: string, out: number) => {
      if (out !== expected) {
        throw new Error(
          `${provider} ${side}: ${out} events, corpus says ${expected}`,
        );
      }
    };
    const sides = [
      () => (r.baseline += timeIt(() => baselineChunk(chunk)).s),
      () => {
        const { s, out } = timeIt(() => normalizeChunk(chunk, normalize));
        count('normalized', out);
        r.normalize += s;
      },
      () => count('floor', floorChunk(chunk, normalize, r.floor)),
    ];
    // Each side goes first, second and third in turn.
    for (let k = 0; k < sides.length; k++) sides[(turn + k) % sides.length]!();
    turn++;
    chunk = [];
    chunkBytes = 0;
  };
  for (const p of generateProviderCorpus(provider, events, seed)) {
    r.payloads++;
    r.events += p.events;
    const bytes = Buffer.byteLength(p.body);
    r.bytes += bytes;
    chunkBytes += bytes;
    chunk.push(p);
    if (chunk.length === CHUNK_PAYLOADS || chunkBytes >= CHUNK_BYTES) flush();
  }
  flush();
  return r;
}

/**
 * Normalizer throughput per provider beside the JSON round-trip baseline
 * over the same payloads: warm-up, then `repetitions` full passes; the
 * reported time is the median pass. Also checks every event count.
 */
export function measureThroughput(opts: ThroughputOptions): ThroughputRow[] {
  const share = Math.ceil(opts.events / PROVIDERS.length);
  for (const p of PROVIDERS)
    pass(p, Math.min(opts.warmupEvents, share), opts.seed + 1, opts.normalize);
  const passes: Pass[][] = PROVIDERS.map(() => []);
  for (let rep = 0; rep < opts.repetitions; rep++) {
    PROVIDERS.forEach((p, i) => {
      passes[i]!.push(pass(p, share, opts.seed, opts.normalize));
    });
    opts.onProgress?.(
      `throughput: repetition ${rep + 1}/${opts.repetitions} done`,
    );
  }
  const seconds = (ns: bigint) => Number(ns) / 1e9;
  const rows: ThroughputRow[] = PROVIDERS.map((provider, i) => {
    const runs = passes[i]!;
    const first = runs[0]!;
    const partRuns = (part: FloorPart) =>
      runs.map((r) => seconds(r.floor[part]));
    const floorRuns = runs.map((r) =>
      seconds(r.floor.parse + r.floor.id + r.floor.serialize),
    );
    return {
      provider,
      payloads: first.payloads,
      events: first.events,
      bytes: first.bytes,
      normalizeSeconds: median(runs.map((r) => r.normalize)),
      baselineSeconds: median(runs.map((r) => r.baseline)),
      floorSeconds: median(floorRuns),
      floorParts: mapParts((part) => median(partRuns(part))),
      normalizeRuns: runs.map((r) => r.normalize),
      baselineRuns: runs.map((r) => r.baseline),
      floorRuns,
      floorPartRuns: mapParts(partRuns),
    };
  });
  const sum = (f: (r: ThroughputRow) => number) =>
    rows.reduce((n, r) => n + f(r), 0);
  const totals = (runsOf: (r: ThroughputRow) => readonly number[]) =>
    runsOf(rows[0]!).map((_, rep) => sum((r) => runsOf(r)[rep]!));
  const partTotals = mapParts((part) => totals((r) => r.floorPartRuns[part]));
  rows.push({
    provider: 'all',
    payloads: sum((r) => r.payloads),
    events: sum((r) => r.events),
    bytes: sum((r) => r.bytes),
    normalizeSeconds: median(totals((r) => r.normalizeRuns)),
    baselineSeconds: median(totals((r) => r.baselineRuns)),
    floorSeconds: median(totals((r) => r.floorRuns)),
    floorParts: mapParts((part) => median(partTotals[part])),
    normalizeRuns: totals((r) => r.normalizeRuns),
    baselineRuns: totals((r) => r.baselineRuns),
    floorRuns: totals((r) => r.floorRuns),
    floorPartRuns: partTotals,
  });
  if (sink < 0) console.log(sink);
  return rows;
}

/** One value per floor part, in FLOOR_PARTS order. */
function mapParts<T>(f: (part: FloorPart) => T): Record<FloorPart, T> {
  return Object.fromEntries(FLOOR_PARTS.map((p) => [p, f(p)])) as Record<
    FloorPart,
    T
  >;
}
