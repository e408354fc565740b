/**
 * A JSON.parse failure in words a user can act on: where it broke (line and
 * column) or that the text ends before the document does (truncated).
 * @example describeJsonError(text, err) // "truncated: the JSON ends at line 12 before the document is complete"
 */
export function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  const end = text.trimEnd().length;
  // Node says "Unexpected end", or names a position at the very end.
  if (/Unexpected end of JSON input/.test(message) || Number(at?.[1]) >= end) {
    const lines = text.trimEnd().split('\n').length;
    return `truncated: the JSON ends at line ${lines} before the document is complete`;
  }
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const what = message.replace(/ in JSON at position \d+.*$/s, '');
  return `${what} at line ${line}, column ${column}`;
}
