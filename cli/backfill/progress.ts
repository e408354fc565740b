import type { ArchiveProgress } from '../../app/archive/run-context';
import type { ArchiveSummary } from '../../core/archive/summary';

/** Seconds with one decimal. */
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** One progress line: pages (files) written, rows, events, elapsed. */
export function progressLine(p: ArchiveProgress): string {
  return `pages ${p.objects} · rows ${p.rows} · events ${p.events} · ${seconds(p.elapsedMs)}`;
}

/**
 * Progress on stderr: one line rewritten in place on a TTY, plain lines
 * otherwise (logs, CI). `done()` ends the TTY line.
 */
export function progressReporter(stream: NodeJS.WritableStream): {
  update(p: ArchiveProgress): void;
  done(): void;
} {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  let drawn = false;
  return {
    update(p) {
      if (tty) {
        stream.write(`\r\x1b[2K${progressLine(p)}`);
        drawn = true;
      } else {
        stream.write(`${progressLine(p)}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** The final one-line summary of a backfill. */
export function summaryLine(s: ArchiveSummary, where: string): string {
  const skipped =
    s.normalizeErrors > 0 ? `, ${s.normalizeErrors} rows not normalized` : '';
  return `backfill ${s.provider}: ${s.outcome} — ${s.objects} pages, ${s.rows} rows, ${s.events} events${skipped} in ${seconds(s.elapsedMs)}; written to ${where}`;
}
