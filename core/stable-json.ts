// Deeper than any provider event; beyond it a subtree keeps its own order.
const MAX_DEPTH = 32;

/**
 * JSON text of a parsed JSON value with every object's keys sorted, so the
 * same content gives the same text whatever order its keys arrived in.
 * @example stableJson({ b: 1, a: [true] }) // '{"a":[true],"b":1}'
 */
export function stableJson(value: unknown, depth = 0): string {
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => stableJson(v, depth + 1)).join(',')}]`;
  }
  const o = value as Record<string, unknown>;
  const fields = Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k], depth + 1)}`);
  return `{${fields.join(',')}}`;
}
