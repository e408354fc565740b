import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a byte stream, each with its own line ending (CRLF kept), so
 * joined they give the input back exactly; a UTF-8 BOM at the start is
 * dropped. Memory holds one line: a line longer than `maxLineChars` throws.
 */
export async function* linesOf(
  stream: NodeJS.ReadableStream,
  maxLineChars: number,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let first = true;
  for await (const chunk of stream) {
    pending +=
      typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (first && pending.length > 0) {
      pending = pending.replace(/^\uFEFF/, '');
      first = false;
    }
    let start = 0;
    let nl = pending.indexOf('\n');
    while (nl !== -1) {
      yield pending.slice(start, nl + 1);
      start = nl + 1;
      nl = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    if (pending.length > maxLineChars) {
      throw new Error(
        `a single line or document is larger than ${Math.round(maxLineChars / 2 ** 20)} MiB; give one JSON value per line (NDJSON)`,
      );
    }
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}
