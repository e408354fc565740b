import { MalformedPayloadError } from '../errors';
import { hasText } from './common';

/** A parsed JSON object: provider payloads are read field by field. */
export type Json = Record<string, unknown>;

/** True for a JSON object; arrays and null are not objects here. */
export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object under `key`, or `{}` so optional sub-objects read uniformly. */
export function objectAt(o: Json, key: string): Json {
  const value = o[key];
  return isJson(value) ? value : {};
}

/**
 * `value` as a JSON object, or a MalformedPayloadError naming `path`.
 * @example requireJson(body.events[0], 'blastengine events[0]')
 */
export function requireJson(value: unknown, path: string): Json {
  if (!isJson(value)) {
    throw new MalformedPayloadError(`${path} must be a JSON object`);
  }
  return value;
}

/**
 * `o[key]` as a non-empty string, or a MalformedPayloadError naming
 * `path.key` and the type found (never the value: it may be an address).
 */
export function requireString(o: Json, key: string, path: string): string {
  const value = o[key];
  if (typeof value !== 'string' || !hasText(value)) {
    throw new MalformedPayloadError(
      `${path}.${key} must be a non-empty string (it is ${kindOf(value)})`,
    );
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'blank';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A numeric or non-empty string id as text, else null. */
export function idText(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && hasText(value) ? value : null;
}
