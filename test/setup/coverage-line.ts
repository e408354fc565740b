// vitest reporter: coverage as one line on the console; the full per-file
// report goes to coverage/coverage.txt (vitest.config.ts).
import type { Reporter } from 'vitest/reporters';

interface Totals {
  readonly pct: number;
}
interface CoverageMap {
  getCoverageSummary(): Record<
    'lines' | 'branches' | 'functions' | 'statements',
    Totals
  >;
}

export default class CoverageLine implements Reporter {
  onCoverage(coverage: unknown): void {
    const summary = (coverage as CoverageMap).getCoverageSummary();
    const parts = (['lines', 'branches', 'functions', 'statements'] as const)
      .map((k) => `${k} ${summary[k].pct}%`)
      .join(', ');
    process.stdout.write(
      `Coverage: ${parts} (per file: coverage/coverage.txt)\n`,
    );
  }
}
