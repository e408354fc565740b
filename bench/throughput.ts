import type { normalizeInput } from '../core/normalize-input';
import { PROVIDERS, type Provider } from '../core/schema';
import { jsonBaseline } from './baseline';
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
  /** Every repetition, seconds, for the JSON output. */
  readonly normalizeRuns: readonly number[];
  readonly baselineRuns: readonly number[];
}

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

interface Pass {
  payloads: number;
  events: number;
  bytes: number;
  normalize: number;
  baseline: number;
}

/** One pass over a provider's share; chunks alternate which side goes first. */
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
  };
  let chunk: CorpusPayload[] = [];
  let chunkBytes = 0;
  let flip = false;
  const flush = () => {
    const expected = chunk.reduce((n, p) => n + p.events, 0);
    const timeIt = (fn: () => unknown) => {
      const t0 = process.hrtime.bigint();
      const out = fn();
      return { s: Number(process.hrtime.bigint() - t0) / 1e9, out };
    };
    const sides = [
      () => (r.baseline += timeIt(() => baselineChunk(chunk)).s),
      () => {
        const { s, out } = timeIt(() => normalizeChunk(chunk, normalize));
        if (out !== expected) {
          throw new Error(
            `${provider}: ${out} events normalized, corpus says ${expected}`,
          );
        }
        r.normalize += s;
      },
    ];
    for (const side of flip ? sides.reverse() : sides) side();
    flip = !flip;
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
  const rows: ThroughputRow[] = PROVIDERS.map((provider, i) => {
    const runs = passes[i]!;
    const first = runs[0]!;
    return {
      provider,
      payloads: first.payloads,
      events: first.events,
      bytes: first.bytes,
      normalizeSeconds: median(runs.map((r) => r.normalize)),
      baselineSeconds: median(runs.map((r) => r.baseline)),
      normalizeRuns: runs.map((r) => r.normalize),
      baselineRuns: runs.map((r) => r.baseline),
    };
  });
  const sum = (f: (r: ThroughputRow) => number) =>
    rows.reduce((n, r) => n + f(r), 0);
  const totalRuns = (side: 'normalizeRuns' | 'baselineRuns') =>
    rows[0]![side].map((_, rep) => sum((r) => r[side][rep]!));
  rows.push({
    provider: 'all',
    payloads: sum((r) => r.payloads),
    events: sum((r) => r.events),
    bytes: sum((r) => r.bytes),
    normalizeSeconds: median(totalRuns('normalizeRuns')),
    baselineSeconds: median(totalRuns('baselineRuns')),
    normalizeRuns: totalRuns('normalizeRuns'),
    baselineRuns: totalRuns('baselineRuns'),
  });
  if (sink < 0) console.log(sink);
  return rows;
}
