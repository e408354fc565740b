import { countPipeline } from '../metrics/pipeline';
import type { MetricPoint } from '../metrics/types';
import type { ArchiveProvider } from './types';

/** How a run ended. */
export type ArchiveOutcome =
  /** Everything due was archived. */
  | 'complete'
  /** Stopped before the deadline; the cursor resumes the next run. */
  | 'deadline';

/** What one archiver run did, for logs, metrics and the CLI summary. */
export interface ArchiveSummary {
  readonly provider: ArchiveProvider;
  readonly outcome: ArchiveOutcome;
  /** Raw pages (and other objects) written under archive/. */
  readonly objects: number;
  /** Provider rows (log lines, events, list entries) archived. */
  readonly rows: number;
  /** Canonical events sent to the lake. */
  readonly events: number;
  /** Rows the normalizer rejected (archived raw, counted, skipped). */
  readonly normalizeErrors: number;
  readonly elapsedMs: number;
}

/**
 * The metric points of a finished run (dimension Archiver): rows archived,
 * normalize errors and one ArchiverLastSuccess, whose absence the staleness
 * alarm watches. A run stopped at the deadline still succeeded: its cursor
 * moved and the next run resumes.
 */
export function archiveMetricPoints(summary: ArchiveSummary): MetricPoint[] {
  const archiver = { Archiver: summary.provider };
  return [
    countPipeline('ArchiverRecords', archiver, summary.rows),
    countPipeline('ArchiverLastSuccess', archiver),
    ...(summary.normalizeErrors > 0
      ? [
          countPipeline(
            'NormalizeErrors',
            { Provider: summary.provider },
            summary.normalizeErrors,
          ),
        ]
      : []),
  ];
}
