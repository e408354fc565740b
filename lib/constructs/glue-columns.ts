import {
  type Column as GlueColumn,
  Schema,
  type Type,
} from 'aws-cdk-lib/aws-glue';
import {
  type Column,
  type ColumnType,
  EVENT_COLUMNS,
  PARTITION_KEYS,
} from '../../core/schema';

/** A column of a table or view, typed in the canonical schema's vocabulary. */
export interface LakeColumn {
  readonly name: string;
  readonly type: ColumnType;
}

const GLUE_TYPES: Record<ColumnType, Type> = {
  int: Schema.INTEGER,
  string: Schema.STRING,
  'map<string,string>': Schema.map(Schema.STRING, Schema.STRING),
};

/** Trino/Presto spelling of each type, as Athena stores it in a view. */
const PRESTO_TYPES: Record<ColumnType, string> = {
  int: 'integer',
  string: 'varchar',
  'map<string,string>': 'map(varchar,varchar)',
};

/**
 * Glue (Hive) columns for canonical-schema columns, in the same order, so the
 * Glue table and Firehose's Parquet schema follow core/schema.ts.
 * @example toGlueColumns(DATA_COLUMNS)
 */
export function toGlueColumns(
  columns: readonly (Column | LakeColumn)[],
): GlueColumn[] {
  return columns.map((c) => ({ name: c.name, type: GLUE_TYPES[c.type] }));
}

/** The Trino type Athena records for a column type in a view definition. */
export function toPrestoType(type: ColumnType): string {
  return PRESTO_TYPES[type];
}

/**
 * Typed columns for names of the events table's columns (every event column
 * plus the `dt` partition), e.g. a view's output; throws on an unknown name.
 */
export function eventTableColumns(names: readonly string[]): LakeColumn[] {
  const types = new Map<string, ColumnType>(
    EVENT_COLUMNS.map((c) => [c.name, c.type]),
  );
  for (const key of PARTITION_KEYS) types.set(key, types.get(key) ?? 'string');
  return names.map((name) => {
    const type = types.get(name);
    if (type === undefined) {
      throw new Error(`"${name}" is not a column of the events table`);
    }
    return { name, type };
  });
}
