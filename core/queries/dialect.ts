/**
 * The two SQL engines that run mailtrail's queries: Athena (Trino) over S3
 * and DuckDB over a local lake. Most SQL is shared; this file holds the few
 * fragments that differ.
 */
export type SqlDialect = 'athena' | 'duckdb';

/** Every dialect, for tests and loops that render all variants. */
export const SQL_DIALECTS: readonly SqlDialect[] = ['athena', 'duckdb'];

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A query parameter placeholder: `$name` (DuckDB prepared statements) or `?`
 * (Athena parameterized named queries, bound by position).
 */
export function param(dialect: SqlDialect, name: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(`invalid query parameter name "${name}"`);
  }
  return dialect === 'athena' ? '?' : `$${name}`;
}

/**
 * Parses an ISO 8601 UTC string column (occurred_at, received_at) into a
 * timestamp, so date_diff works on it in either engine.
 */
export function isoTimestamp(dialect: SqlDialect, expr: string): string {
  return dialect === 'athena'
    ? `from_iso8601_timestamp(${expr})`
    : `CAST(${expr} AS TIMESTAMPTZ)`;
}

/**
 * A FROM-clause fragment that joins one row per entry of a map column, named
 * `alias(keyName, valueName)`. Rows whose map is NULL or empty drop out.
 */
export function unnestMap(
  dialect: SqlDialect,
  mapExpr: string,
  alias: string,
  keyName: string,
  valueName: string,
): string {
  if (dialect === 'athena') {
    return `CROSS JOIN UNNEST(${mapExpr}) AS ${alias}(${keyName}, ${valueName})`;
  }
  // DuckDB's UNNEST takes a list, not a map: unnest keys and values side by side.
  return (
    `CROSS JOIN LATERAL (SELECT unnest(map_keys(${mapExpr})) AS ${keyName}, ` +
    `unnest(map_values(${mapExpr})) AS ${valueName}) AS ${alias}`
  );
}

/**
 * The value of `key` in a map column, NULL when the key is absent (Athena's
 * `m['k']` fails on a missing key; DuckDB's element_at returns a list).
 */
export function mapValue(
  dialect: SqlDialect,
  mapExpr: string,
  key: string,
): string {
  if (!IDENTIFIER.test(key)) throw new Error(`invalid map key "${key}"`);
  return dialect === 'athena'
    ? `element_at(${mapExpr}, '${key}')`
    : `${mapExpr}['${key}']`;
}
