/**
 * The honest JSON baseline: every JSON layer a payload carries is parsed and
 * each innermost document is serialized once. An SNS → Lambda event's
 * `Sns.Message` strings and a Firehose transformation event's base64 `data`
 * (NDJSON) are layers of their own; so are form fields holding JSON (a CMC
 * form-mode `event`). The normalizer does at least this much work on the same
 * bytes, so the ratio compares like with like.
 */

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const looksJson = (text: string): boolean => {
  const c = text.trimStart()[0];
  return c === '{' || c === '[';
};

/** The body's outer layer: JSON, or form fields with JSON fields parsed. */
function parseBody(body: string, contentType: string): unknown {
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    return JSON.parse(body);
  }
  const fields: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    fields[key] = looksJson(value) ? JSON.parse(value) : value;
  }
  return fields;
}

/**
 * Calls `visit` on each innermost document of `value`, parsing the layers
 * in between (SNS `Message` strings, base64 Firehose NDJSON); returns the sum
 * of what `visit` returns.
 */
function eachInner(value: unknown, visit: (doc: unknown) => number): number {
  if (isObject(value) && Array.isArray(value.Records)) {
    let n = 0;
    for (const r of value.Records as Json[]) {
      const message = (r.Sns as Json | undefined)?.Message;
      n += visit(typeof message === 'string' ? JSON.parse(message) : r);
    }
    return n;
  }
  if (isObject(value) && Array.isArray(value.records)) {
    let n = 0;
    for (const r of value.records as Json[]) {
      const text = Buffer.from(String(r.data), 'base64').toString('utf8');
      for (const line of text.split('\n')) {
        if (line !== '') n += visit(JSON.parse(line));
      }
    }
    return n;
  }
  return visit(value);
}

const stringified = (doc: unknown): number => JSON.stringify(doc).length;
const parsed = (doc: unknown): number => (doc === undefined ? 0 : 1);

/**
 * The baseline's work for one payload: parse every JSON layer, stringify each
 * innermost document. Returns the characters written (kept by the caller so
 * the work cannot be optimized away).
 * @example jsonBaseline(p.body, p.contentType)
 */
export function jsonBaseline(body: string, contentType: string): number {
  return eachInner(parseBody(body, contentType), stringified);
}

/**
 * Only the parsing half of the baseline: every JSON layer parsed, nothing
 * serialized. The floor (bench/throughput.ts) adds the work every normalizer
 * must do on top: one event id digest and one sink serialization per event.
 * Returns the innermost documents parsed.
 */
export function jsonParseLayers(body: string, contentType: string): number {
  return eachInner(parseBody(body, contentType), parsed);
}
