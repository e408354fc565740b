/**
 * One part of a multipart/form-data body (RFC 7578), located by offsets into
 * the text so a caller can read the value (the decoder) or replace it (the
 * redactor) from the same parse.
 */
export interface MultipartPart {
  /** The `name` of its Content-Disposition header; null when it has none. */
  readonly name: string | null;
  /** Every `name="…"` parameter in any of its headers, for redaction. */
  readonly headerNames: readonly string[];
  /** Content-Disposition carries a filename: a file, not a text field. */
  readonly isFile: boolean;
  /** The value runs over text[valueStart, valueEnd). */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** It follows the closing delimiter (`--boundary--`): epilogue. */
  readonly afterClose: boolean;
}

/** RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
export const MAX_BOUNDARY = 70;

const CONTENT_DISPOSITION = 'content-disposition';
const NAME_PARAM = 'name="';

/** Skips one line break (CRLF or LF) at `i`, if there is one. */
function afterLineBreak(text: string, i: number, end: number): number {
  if (text[i] === '\r' && text[i + 1] === '\n' && i + 1 < end) return i + 2;
  return text[i] === '\n' && i < end ? i + 1 : i;
}

/** Drops one line break (CRLF or LF) just before `end`, if there is one. */
function beforeLineBreak(text: string, start: number, end: number): number {
  if (end - 1 < start || text[end - 1] !== '\n') return end;
  return end - 2 >= start && text[end - 2] === '\r' ? end - 2 : end - 1;
}

/**
 * Where the blank line after a part's headers is: [its start, the value
 * start], or null when the part has none. /\r?\n\r?\n/ by indexOf.
 */
function headerEnd(part: string): [number, number] | null {
  for (let j = part.indexOf('\n'); j >= 0; j = part.indexOf('\n', j + 1)) {
    const next = afterLineBreak(part, j + 1, part.length);
    if (next > j + 1) return [j > 0 && part[j - 1] === '\r' ? j - 1 : j, next];
  }
  return null;
}

/**
 * The values of every `name="…"` parameter in a header block (after a `;`
 * and optional blanks, `name="` in any case), by indexOf. `lower` is the
 * block lower-cased once by the caller.
 */
function nameParams(block: string, lower: string): string[] {
  const names: string[] = [];
  for (let semi = lower.indexOf(';'); semi >= 0; ) {
    let i = semi + 1;
    while (lower[i] === ' ' || lower[i] === '\t') i++;
    if (lower.startsWith(NAME_PARAM, i)) {
      const from = i + NAME_PARAM.length;
      const close = block.indexOf('"', from);
      if (close < 0) break;
      names.push(block.slice(from, close));
      i = close + 1;
    }
    semi = lower.indexOf(';', i);
  }
  return names;
}

/** Whether a lower-cased header line has a `filename=`/`filename*=` parameter. */
function hasFilename(lower: string): boolean {
  for (let semi = lower.indexOf(';'); semi >= 0; ) {
    let i = semi + 1;
    while (lower[i] === ' ' || lower[i] === '\t') i++;
    if (lower.startsWith('filename=', i) || lower.startsWith('filename*=', i)) {
      return true;
    }
    semi = lower.indexOf(';', i);
  }
  return false;
}

/** Start of the first line of `lower` that is a Content-Disposition header. */
function dispositionLine(lower: string): number {
  for (let at = lower.indexOf(CONTENT_DISPOSITION); at >= 0; ) {
    let i = at + CONTENT_DISPOSITION.length;
    while (lower[i] === ' ' || lower[i] === '\t') i++;
    if ((at === 0 || lower[at - 1] === '\n') && lower[i] === ':') return at;
    at = lower.indexOf(CONTENT_DISPOSITION, at + 1);
  }
  return -1;
}

/**
 * A part's names and kind from its header block, lower-cased once and
 * scanned by indexOf (no per-line work, so 10⁵ header lines stay cheap).
 */
function parseHeaders(
  headers: string,
): Pick<MultipartPart, 'name' | 'headerNames' | 'isFile'> {
  const lower = headers.toLowerCase();
  const headerNames = nameParams(headers, lower);
  const at = dispositionLine(lower);
  if (at < 0) return { name: null, headerNames, isFile: false };
  const eol = lower.indexOf('\n', at);
  const end = eol < 0 ? lower.length : eol;
  const line = lower.slice(at, end);
  const [name = null] = nameParams(headers.slice(at, end), line);
  return { name, headerNames, isFile: hasFilename(line) };
}

/**
 * Splits a multipart body on `--boundary` and parses each part's headers, in
 * one linear pass (indexOf only, no backtracking regex). The preamble is
 * skipped; a part without a closing delimiter runs to the end of the text.
 * A chunk without a blank line after its headers yields no part, and a
 * boundary over MAX_BOUNDARY characters none at all (it bounds the search).
 * @example multipartParts('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--', 'b')
 */
export function multipartParts(
  text: string,
  boundary: string,
): MultipartPart[] {
  const delimiter = `--${boundary}`;
  const parts: MultipartPart[] = [];
  let afterClose = false;
  const usable = boundary !== '' && boundary.length <= MAX_BOUNDARY;
  let at = usable ? text.indexOf(delimiter) : -1;
  while (at >= 0) {
    const chunkStart = at + delimiter.length;
    const next = text.indexOf(delimiter, chunkStart);
    const chunkEnd = next < 0 ? text.length : next;
    if (text.startsWith('--', chunkStart)) afterClose = true;
    // The line break after a delimiter and the one before the next belong to it.
    const start = afterLineBreak(text, chunkStart, chunkEnd);
    const end = beforeLineBreak(text, start, chunkEnd);
    const part = text.slice(start, end);
    const blank = headerEnd(part);
    if (blank) {
      parts.push({
        ...parseHeaders(part.slice(0, blank[0])),
        valueStart: start + blank[1],
        valueEnd: end,
        afterClose,
      });
    }
    at = next;
  }
  return parts;
}

/**
 * The boundary a multipart body opens with (`--boundary` on its first line),
 * for a body whose Content-Type is missing or lies; null otherwise.
 */
export function leadingBoundary(text: string): string | null {
  if (!text.startsWith('--')) return null;
  let end = 2;
  while (end < text.length && text[end] !== '\r' && text[end] !== '\n') end++;
  const boundary = text.slice(2, end).trimEnd();
  return boundary === '' ? null : boundary;
}
