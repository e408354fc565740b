import { csvText } from '../core/csv';
import { escapeControls, formatTable } from './lake/format';
import { CliUsageError } from './types';

/** How a command prints tabular results. */
export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The `--format` option every table-printing command takes. */
export const FORMAT_OPTION = { format: { type: 'string' } } as const;

/**
 * Reads `--format` (`--json` is kept as a shorthand for json).
 * @example parseFormat(values.format, values.json)
 */
export function parseFormat(
  value: string | undefined,
  json = false,
): OutputFormat {
  if (value === undefined) return json ? 'json' : 'table';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(value)) {
    throw new CliUsageError(
      `--format must be ${OUTPUT_FORMATS.join(', ')}; got "${value}"`,
    );
  }
  if (json && value !== 'json') {
    throw new CliUsageError(`--json and --format ${value} disagree`);
  }
  return value as OutputFormat;
}

/** A result row: column name to value. */
type Row = object;

/** Rows in the chosen format, ending with a newline. */
export function formatRows(
  format: OutputFormat,
  columns: readonly string[],
  rows: readonly Row[],
): string {
  if (format === 'json') {
    return rows
      .map((row) => `${escapeControls(JSON.stringify(row))}\n`)
      .join('');
  }
  if (format === 'csv') {
    const cells = rows.map((row) =>
      columns.map((c) => (row as Record<string, unknown>)[c]),
    );
    return csvText(cells, columns);
  }
  return `${formatTable(columns, rows as readonly Record<string, unknown>[])}\n`;
}
