import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'rss-child.ts');

/** Peak memory of one fresh process streaming the corpus through a mode. */
export interface RssRow {
  readonly mode: 'normalize' | 'baseline';
  readonly events: number;
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
 * Runs the normalizer and the JSON baseline over the streamed corpus at each
 * size, each in its own `node --import tsx` child, so the two sizes show
 * whether memory stays flat as the corpus grows.
 */
export function measureRss(
  sizes: readonly number[],
  seed: number,
  onProgress?: (line: string) => void,
): RssRow[] {
  const rows: RssRow[] = [];
  for (const events of sizes) {
    for (const mode of ['baseline', 'normalize'] as const) {
      const child = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          CHILD,
          mode,
          String(events),
          String(seed),
        ],
        { encoding: 'utf8', maxBuffer: 1024 * 1024 },
      );
      if (child.status !== 0) {
        throw new Error(
          `rss child (${mode}, ${events}) failed: ${child.stderr}`,
        );
      }
      const out = JSON.parse(child.stdout.trim().split('\n').pop()!) as RssRow;
      rows.push({ ...out, mode });
      onProgress?.(`rss: ${mode} over ${events} events done`);
    }
  }
  return rows;
}
