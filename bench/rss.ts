import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'rss-child.ts');

/** Peak memory of one fresh process streaming the corpus through a mode. */
export interface RssRow {
  readonly mode: 'normalize' | 'baseline' | 'cli';
  readonly events: number;
  /** cli: size of the NDJSON file `mailtrail normalize` read, bytes. */
  readonly inputBytes?: number;
  /** RSS after loading templates, before the first payload, bytes. */
  readonly startRss: number;
  /** Highest sampled process.memoryUsage().rss, bytes. */
  readonly peakRss: number;
  /** Kernel high-water mark (getrusage maxRSS), bytes. */
  readonly maxRss: number;
  /** Heap in use after a forced GC, before and after the corpus, bytes. */
  readonly startHeap: number;
  readonly endHeap: number;
}

/**
 * Writes the corpus's JSON payloads as one NDJSON file (one payload a line,
 * providers mixed), streamed to disk; returns its size in bytes.
 */
export function writeNdjsonCorpus(
  path: string,
  events: number,
  seed: number,
): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (const p of generateCorpus({ events, seed })) {
      if (!p.contentType.includes('json')) continue;
      bytes += writeSync(fd, `${JSON.stringify(JSON.parse(p.body))}\n`);
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function runChild(args: readonly string[]): RssRow {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', CHILD, ...args],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  if (child.status !== 0) {
    throw new Error(`rss child (${args.join(' ')}) failed: ${child.stderr}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as RssRow;
}

/**
 * Runs the normalizer and the JSON baseline over the streamed corpus at each
 * size, each in its own `node --import tsx` child, so the two sizes show
 * whether memory stays flat as the corpus grows; then `mailtrail normalize`
 * (in-process `main`) over the same payloads written as an NDJSON file.
 */
export function measureRss(
  sizes: readonly number[],
  seed: number,
  onProgress?: (line: string) => void,
): RssRow[] {
  const rows: RssRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mailtrail-rss-'));
  try {
    for (const events of sizes) {
      for (const mode of ['baseline', 'normalize'] as const) {
        const out = runChild([mode, String(events), String(seed)]);
        rows.push({ ...out, mode });
        onProgress?.(`rss: ${mode} over ${events} events done`);
      }
      const file = join(dir, `corpus-${events}.ndjson`);
      const inputBytes = writeNdjsonCorpus(file, events, seed);
      const out = runChild(['cli', file]);
      rows.push({ ...out, mode: 'cli', inputBytes });
      rmSync(file);
      onProgress?.(`rss: mailtrail normalize over ${events} events done`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
