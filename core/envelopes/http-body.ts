import { MalformedPayloadError } from '../errors';
import { describeJsonError } from '../json-error';
import { MAX_BOUNDARY, multipartParts } from './multipart';

/** An HTTP request body as API Gateway or the local server hands it over. */
export interface HttpBodyInput {
  readonly body: string | Uint8Array;
  /** The request's Content-Type header, parameters included. */
  readonly contentType?: string;
  /** API Gateway sets this when it base64-encoded the body. @default false */
  readonly isBase64Encoded?: boolean;
}

type Params = ReadonlyMap<string, string>;
type Decoder = (text: string, params: Params) => unknown;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
// Form bodies are one line of key=value pairs with no whitespace.
const FORM_SHAPE = /^[^\s=&]+=\S*$/;

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch (cause) {
    throw new MalformedPayloadError('body is not valid UTF-8', { cause });
  }
}

function toText({ body, isBase64Encoded }: HttpBodyInput): string {
  if (isBase64Encoded) {
    const encoded =
      typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
    return decodeUtf8(Buffer.from(encoded, 'base64'));
  }
  // TextDecoder drops a UTF-8 BOM; a string body may still carry one.
  if (typeof body !== 'string') return decodeUtf8(body);
  return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
}

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new MalformedPayloadError(
      `body is not valid JSON: ${describeJsonError(text, cause)}`,
      { cause },
    );
  }
}

/** Form fields as a plain object of strings; a repeated key keeps its last value. */
function decodeForm(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text.trim()));
}

/**
 * Text fields of a multipart/form-data body (RFC 7578), named by their
 * Content-Disposition header. File parts are skipped: webhook senders such as
 * CMC post only text fields (docs/providers.md §4.1). redactSecrets reads the
 * same parts (core/envelopes/multipart.ts).
 */
function decodeMultipart(text: string, params: Params): Record<string, string> {
  const boundary = params.get('boundary');
  if (!boundary) {
    throw new MalformedPayloadError(
      'multipart/form-data body without a boundary parameter',
    );
  }
  if (boundary.length > MAX_BOUNDARY) {
    throw new MalformedPayloadError(
      `multipart/form-data boundary is over ${MAX_BOUNDARY} characters`,
    );
  }
  const entries: [string, string][] = [];
  for (const part of multipartParts(text, boundary)) {
    if (part.afterClose) break;
    if (part.name !== null && !part.isFile) {
      entries.push([part.name, text.slice(part.valueStart, part.valueEnd)]);
    }
  }
  if (entries.length === 0) {
    throw new MalformedPayloadError(
      `multipart/form-data body has no text fields for boundary ${boundary}`,
    );
  }
  return Object.fromEntries(entries);
}

const DECODERS: ReadonlyMap<string, Decoder> = new Map<string, Decoder>([
  ['application/json', decodeJson],
  ['application/x-www-form-urlencoded', decodeForm],
  ['multipart/form-data', decodeMultipart],
]);

/** A Content-Type's media type (lower-cased) and parameters. */
export function parseContentType(value: string): {
  type: string;
  params: Params;
} {
  const [type = '', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq > 0) {
      const key = param.slice(0, eq).trim().toLowerCase();
      params.set(
        key,
        param
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      );
    }
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Without a Content-Type the body is sniffed: JSON first, then a form. */
function sniff(text: string): Decoder {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return decodeJson;
  if (FORM_SHAPE.test(trimmed)) return decodeForm;
  throw new MalformedPayloadError(
    'unsupported content type: none given and the body is neither JSON nor form-urlencoded',
  );
}

/**
 * Decodes a webhook request body (JSON, form-urlencoded or multipart text
 * fields) into plain data, knowing nothing of the provider that sent it.
 * @example decodeHttpBody({ body: 'a=1', contentType: 'application/x-www-form-urlencoded' }) // { a: '1' }
 */
export function decodeHttpBody(input: HttpBodyInput): unknown {
  const text = toText(input);
  if (text.trim() === '') throw new MalformedPayloadError('empty body');
  const contentType = input.contentType?.trim();
  if (!contentType) return sniff(text)(text, new Map());
  const { type, params } = parseContentType(contentType);
  const decoder = type.endsWith('+json') ? decodeJson : DECODERS.get(type);
  if (!decoder) {
    throw new MalformedPayloadError(`unsupported content type ${type}`);
  }
  return decoder(text, params);
}
