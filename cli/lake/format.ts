/**
 * Whether a UTF-16 unit could move the cursor, recolour or reorder a
 * terminal line: C0 and C1 controls, DEL, and the bidirectional marks,
 * embeddings, overrides and isolates (plus the Unicode line separators).
 */
function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * Text with every terminal-unsafe character written as a `\uXXXX` escape,
 * so lake data (written by providers and remote servers) cannot drive the
 * terminal `mailtrail query` prints to. The escape is valid inside JSON.
 * @example escapeControls('a\u001b[2Jb') // 'a\\u001b[2Jb'
 */
export function escapeControls(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isUnsafe(code)) {
      out += `${text.slice(copied, i)}\\u${code.toString(16).padStart(4, '0')}`;
      copied = i + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

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
 * single-line (newlines shown as ⏎, other controls escaped).
 */
export function formatTable(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): string {
  const cells = rows.map((row) =>
    columns.map((c) => escapeControls(cellText(row[c]).replace(/\r?\n/g, '⏎'))),
  );
  const header = columns.map(escapeControls);
  const widths = header.map((c, i) =>
    Math.max(displayWidth(c), ...cells.map((r) => displayWidth(r[i]!))),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => pad(v, widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}
