/** A cell as text: NULL for null, JSON for maps and lists. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// Wide (East Asian) characters take two terminal columns, e.g. CMC subjects.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Terminal columns a string occupies. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Rows as an aligned text table with a header and a dashed rule; cells are
 * single-line (newlines shown as ⏎).
 */
export function formatTable(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): string {
  const cells = rows.map((row) =>
    columns.map((c) => cellText(row[c]).replace(/\r?\n/g, '⏎')),
  );
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[i]!))),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => pad(v, widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}
