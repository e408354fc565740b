import { parseContentType } from './envelopes/http-body';
import { leadingBoundary, multipartParts } from './envelopes/multipart';

/** What a secret value is replaced with in stored payloads. */
export const REDACTED = '[REDACTED]';

/**
 * Field names whose values are credentials, compared lower-cased. CMC posts
 * its webhook API key as the body field `api_key` (docs/providers.md §4.1). The
 * Mailgun `signature` fields are not secret (the key never travels) and stay.
 */
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set([
  'api_key',
  'apikey',
  'api-key',
  'password',
  'secret',
  'authorization',
  'access_token',
]);

const isSecret = (name: string): boolean =>
  SECRET_FIELD_NAMES.has(name.toLowerCase());

const SCALAR_END = /[\s,}\]]/;

/** End index (exclusive) of the JSON string token opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let q = text.indexOf('"', start + 1); q >= 0; ) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    q = text.indexOf('"', q + 1);
  }
  return text.length;
}

/** Skips JSON whitespace (space, tab, CR, LF). */
function skipSpace(text: string, from: number): number {
  let i = from;
  for (
    let c = text.charCodeAt(i);
    c === 32 || c === 9 || c === 10 || c === 13;
  ) {
    c = text.charCodeAt(++i);
  }
  return i;
}

/**
 * End of the scalar value token at `start` (a string, number, literal); an
 * object or array is walked into instead, so it yields `start`.
 */
function scalarEnd(text: string, start: number): number {
  if (text[start] === '"') return stringEnd(text, start);
  if (text[start] === '{' || text[start] === '[') return start;
  let i = start;
  while (i < text.length && !SCALAR_END.test(text[i]!)) i++;
  return i;
}

function keyName(token: string): string {
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return String(JSON.parse(token));
  } catch {
    return token.slice(1, -1);
  }
}

/**
 * Replaces the scalar value of every secret-named key in JSON text, keeping
 * everything else byte for byte. A tokenizer rather than parse/stringify, so
 * formatting survives and malformed JSON (kept as rejected) is redacted too.
 */
function redactJson(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = text.indexOf('"'); i >= 0 && i < text.length; ) {
    if (text[i] !== '"') {
      i = text.indexOf('"', i);
      continue;
    }
    const end = stringEnd(text, i);
    const colon = skipSpace(text, end);
    const valueStart = skipSpace(text, colon + 1);
    const isKey = text[colon] === ':';
    if (isKey && isSecret(keyName(text.slice(i, end)))) {
      const valueEnd = scalarEnd(text, valueStart);
      if (valueEnd > valueStart) {
        out += `${text.slice(copied, valueStart)}"${REDACTED}"`;
        copied = valueEnd;
      }
    }
    i = isKey ? valueStart : end;
  }
  return out + text.slice(copied);
}

function decodeFormName(name: string): string {
  if (!name.includes('%') && !name.includes('+')) return name;
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

/** Replaces secret fields of a form-urlencoded body (`api_key=…&…`). */
function redactForm(text: string): string {
  const encoded = encodeURIComponent(REDACTED);
  let out = '';
  let copied = 0;
  // `eq` is the next `=` at or after `start`, found once per `=`: searching
  // afresh in every pair would be quadratic on a body of bare `&`s.
  let eq = text.indexOf('=');
  for (let start = 0; start <= text.length; ) {
    const amp = text.indexOf('&', start);
    const end = amp < 0 ? text.length : amp;
    if (eq >= 0 && eq < start) eq = text.indexOf('=', start);
    if (eq >= 0 && eq < end) {
      const name = decodeFormName(text.slice(start, eq)).trim();
      if (isSecret(name)) {
        out += `${text.slice(copied, eq + 1)}${encoded}`;
        copied = end;
      }
    }
    if (amp < 0) break;
    start = amp + 1;
  }
  return out + text.slice(copied);
}

/**
 * Replaces the value of every multipart part named like a secret, parsed by
 * the decoder's own parser (core/envelopes/multipart.ts): the part the
 * decoder reads as `api_key` is the part redacted. A part whose name is in
 * any header, or that has no closing delimiter, is redacted too.
 */
function redactMultipart(text: string, boundary: string): string {
  let out = '';
  let copied = 0;
  for (const part of multipartParts(text, boundary)) {
    if (part.headerNames.some(isSecret)) {
      out += `${text.slice(copied, part.valueStart)}${REDACTED}`;
      copied = part.valueEnd;
    }
  }
  return out + text.slice(copied);
}

/**
 * Removes credentials from a request body before it is stored, whatever its
 * encoding: JSON keys, form fields and multipart parts named like a secret
 * (SECRET_FIELD_NAMES). All passes always run, so a body whose Content-Type
 * lies (or is missing) is redacted too: multipart parts are found under the
 * Content-Type's boundary and under the one the body opens with. Every pass
 * is a linear scan (no backtracking regex meets the body); callers that keep
 * only a prefix cut it first (core/truncate.ts).
 * @example redactSecrets('{"api_key":"k","a":1}') // '{"api_key":"[REDACTED]","a":1}'
 */
export function redactSecrets(text: string, contentType?: string): string {
  let out = redactForm(redactJson(text));
  const declared = contentType
    ? parseContentType(contentType).params.get('boundary')
    : undefined;
  const boundaries = new Set([declared, leadingBoundary(out)]);
  for (const boundary of boundaries) {
    if (boundary) out = redactMultipart(out, boundary);
  }
  return out;
}
