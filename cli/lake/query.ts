import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBMapValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { sqlString } from '../../adapters/local/lake-sink';
import { DEDUP_VIEW, dedupViewSql } from '../../core/queries/dedup-view';
import { DUCKDB_HIVE_TYPES } from '../../core/queries/duckdb-ddl';
import type { NamedQuery } from '../../core/queries/named-queries';

/** What to run: a named query with its parameters, or raw SQL. */
export type LakeQuery =
  | {
      readonly named: NamedQuery;
      readonly params?: Readonly<Record<string, string>>;
    }
  | {
      readonly sql: string;
      readonly params?: Readonly<Record<string, string>>;
    };

/** Column names in order, and one plain-JSON object per row. */
export interface LakeQueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/** The lake has no Parquet files yet (nothing was ingested). */
export class EmptyLakeError extends Error {
  constructor(lakeDir: string) {
    super(`no events in ${lakeDir} yet`);
    this.name = 'EmptyLakeError';
  }
}

async function hasParquet(dir: string): Promise<boolean> {
  try {
    const files = await readdir(dir, { recursive: true });
    return files.some((f) => f.endsWith('.parquet'));
  } catch {
    return false;
  }
}

/** A DuckDB value as plain JSON: BIGINT → number, MAP → object. */
export function toPlain(value: DuckDBValue): unknown {
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : String(value);
  }
  if (value instanceof DuckDBMapValue) {
    return Object.fromEntries(
      value.entries.map((e) => [String(toPlain(e.key)), toPlain(e.value)]),
    );
  }
  if (value === null || typeof value !== 'object') return value;
  return String(value);
}

/** Checks that the parameters given are exactly those the query declares. */
function namedParams(
  query: NamedQuery,
  params: Readonly<Record<string, string>>,
): Record<string, string> {
  const declared = query.params ?? [];
  const missing = declared.filter((p) => !(p in params));
  const unknown = Object.keys(params).filter((p) => !declared.includes(p));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      ...missing.map((p) => `missing --param ${p}=…`),
      ...unknown.map((p) => `unknown parameter "${p}"`),
    ];
    throw new Error(`${query.name}: ${parts.join('; ')}`);
  }
  return { ...params };
}

/** Creates the `events` and `events_dedup` views over the lake's Parquet. */
async function createViews(
  conn: DuckDBConnection,
  lakeDir: string,
): Promise<void> {
  const glob = join(lakeDir, 'events', '**', '*.parquet');
  await conn.run("SET TimeZone = 'UTC'");
  await conn.run(
    `CREATE VIEW events AS SELECT * FROM read_parquet(${sqlString(glob)}, ` +
      `hive_partitioning = true, hive_types = ${DUCKDB_HIVE_TYPES}, ` +
      'union_by_name = true)',
  );
  await conn.run(dedupViewSql('duckdb', 'events'));
}

/**
 * Runs a named query or raw SQL over the local lake at `lakeDir`, with the
 * views `events` and `events_dedup` defined as in Athena.
 * @example await queryLake('.lake', { named: findNamedQuery('daily-rates')! })
 */
export async function queryLake(
  lakeDir: string,
  query: LakeQuery,
): Promise<LakeQueryResult> {
  if (!(await hasParquet(join(lakeDir, 'events')))) {
    throw new EmptyLakeError(lakeDir);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await createViews(conn, lakeDir);
    const tables = { events: 'events', dedup: DEDUP_VIEW };
    const [sql, params] =
      'named' in query
        ? [
            query.named.sql('duckdb', tables),
            namedParams(query.named, query.params ?? {}),
          ]
        : [query.sql, { ...query.params }];
    const reader = await conn.runAndReadAll(
      sql,
      Object.keys(params).length > 0 ? params : undefined,
    );
    const columns = reader.columnNames();
    const rows = reader
      .getRows()
      .map((row) =>
        Object.fromEntries(columns.map((c, i) => [c, toPlain(row[i]!)])),
      );
    return { columns, rows };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
