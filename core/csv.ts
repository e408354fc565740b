/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a line
 * break or edge spaces; quotes doubled. null and undefined are empty.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'object' ? JSON.stringify(value) : String(value);
  const plain = !/[",\r\n]/.test(text) && text.trim() === text;
  return plain ? text : `"${text.replaceAll('"', '""')}"`;
}

/** Rows as CSV text, one `\n`-terminated line each, after an optional header. */
export function csvText(
  rows: readonly (readonly unknown[])[],
  header?: readonly string[],
): string {
  const lines = header ? [header, ...rows] : rows;
  return lines.map((cells) => `${cells.map(csvCell).join(',')}\n`).join('');
}
