import { type Column, type ColumnType, EVENT_COLUMNS } from '../schema';

/** DuckDB type of each canonical column type (Parquet INT32, UTF8, MAP). */
export const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  int: 'INTEGER',
  string: 'VARCHAR',
  'map<string,string>': 'MAP(VARCHAR, VARCHAR)',
};

/** A column of the local events table: a schema column or the `dt` key. */
export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

/** The `dt` partition column (UTC date of occurred_at), not in the schema. */
export const DT_COLUMN: TableColumn = {
  name: 'dt',
  type: 'string',
  nullable: false,
};

/** Columns of a local events table: every schema column, then `dt`. */
export const LOCAL_TABLE_COLUMNS: readonly TableColumn[] = [
  ...EVENT_COLUMNS.map((c: Column): TableColumn => c),
  DT_COLUMN,
];

/**
 * `CREATE TABLE` for DuckDB, generated from the zod schema so the local lake
 * writes the same Parquet types Firehose writes from the Glue table.
 * @example duckdbCreateTableSql('staging')
 */
export function duckdbCreateTableSql(
  table: string,
  columns: readonly TableColumn[] = LOCAL_TABLE_COLUMNS,
): string {
  const defs = columns.map(
    (c) =>
      `  ${c.name} ${DUCKDB_TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`,
  );
  return `CREATE TABLE ${table} (\n${defs.join(',\n')}\n)`;
}

/**
 * The `hive_types` option of DuckDB's read_parquet: partition keys stay
 * VARCHAR as in Athena, instead of DuckDB guessing `dt` is a DATE.
 */
export const DUCKDB_HIVE_TYPES = "{'provider': VARCHAR, 'dt': VARCHAR}";
