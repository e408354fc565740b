import { afterEach, beforeEach, type MockInstance, vi } from 'vitest';

/** One metric value read back from an Embedded Metric Format line. */
export interface EmfDatum {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly dimensions: Record<string, string>;
}

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

/** True for a JSON log line carrying CloudWatch EMF metadata. */
function isEmf(line: string): boolean {
  return line.startsWith('{"_aws":') && line.includes('"CloudWatchMetrics"');
}

/**
 * Reads EMF log lines back as CloudWatch would extract them: one datum per
 * metric per dimension set (values summed when a metric holds an array).
 * Lines that are not EMF (logger output) are skipped.
 */
export function emfData(lines: readonly string[]): EmfDatum[] {
  const out: EmfDatum[] = [];
  for (const line of lines.filter(isEmf)) {
    const doc = JSON.parse(line) as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: EmfDirective[] };
    };
    for (const d of doc._aws.CloudWatchMetrics) {
      for (const set of d.Dimensions) {
        for (const m of d.Metrics) {
          const raw = doc[m.Name] as number | number[];
          out.push({
            namespace: d.Namespace,
            name: m.Name,
            unit: m.Unit,
            value: Array.isArray(raw) ? raw.reduce((a, b) => a + b, 0) : raw,
            dimensions: Object.fromEntries(set.map((k) => [k, String(doc[k])])),
          });
        }
      }
    }
  }
  return out;
}

/** Sum of one metric over the data whose dimensions equal `dimensions`. */
export function emfSum(
  data: readonly EmfDatum[],
  name: string,
  dimensions: Record<string, string>,
): number {
  const key = JSON.stringify(Object.entries(dimensions).sort());
  return data
    .filter(
      (d) =>
        d.name === name &&
        JSON.stringify(Object.entries(d.dimensions).sort()) === key,
    )
    .reduce((n, d) => n + d.value, 0);
}

/** Lines written to process.stdout since the last reset. */
export interface StdoutCapture {
  readonly lines: string[];
  /** The EMF data among the lines. */
  readonly data: EmfDatum[];
}

/**
 * Captures process.stdout (where Powertools Metrics writes EMF) for each
 * test of the file, fresh before each, released after; nothing reaches the
 * terminal. Call at the file's top level.
 */
export function useStdoutCapture(): StdoutCapture {
  let lines: string[] = [];
  let spy: MockInstance | undefined;
  beforeEach(() => {
    lines = [];
    spy = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        const text =
          typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
        lines.push(...text.split('\n').filter((l) => l !== ''));
        return true;
      });
  });
  afterEach(() => {
    spy?.mockRestore();
  });
  return {
    get lines() {
      return lines;
    },
    get data() {
      return emfData(lines);
    },
  };
}
