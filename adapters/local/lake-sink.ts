import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  mapValue,
} from '@duckdb/node-api';
import {
  duckdbCreateTableSql,
  LOCAL_TABLE_COLUMNS,
  type TableColumn,
} from '../../core/queries/duckdb-ddl';
import type { EventSink, RawRecord } from '../../core/raw-record';
import { type EmailEvent, partitionDate } from '../../core/schema';

const gzipAsync = promisify(gzip);

/** A string as a single-quoted SQL literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function appendCell(
  appender: DuckDBAppender,
  column: TableColumn,
  value: unknown,
): void {
  if (value === null || value === undefined) {
    appender.appendNull();
  } else if (column.type === 'int') {
    appender.appendInteger(value as number);
  } else if (column.type === 'string') {
    appender.appendVarchar(value as string);
  } else {
    const entries = Object.entries(value as Record<string, string>);
    appender.appendMap(
      mapValue(entries.map(([key, v]) => ({ key, value: v }))),
    );
  }
}

async function stageEvents(
  conn: DuckDBConnection,
  table: string,
  events: readonly EmailEvent[],
): Promise<void> {
  await conn.run(duckdbCreateTableSql(table));
  const appender = await conn.createAppender(table);
  for (const event of events) {
    const row: Record<string, unknown> = { ...event, dt: partitionDate(event) };
    for (const column of LOCAL_TABLE_COLUMNS) {
      appendCell(appender, column, row[column.name]);
    }
    appender.endRow();
  }
  appender.closeSync();
}

/** Groups raw records by their lake directory `<kind>/provider=<p>/dt=<d>`. */
function rawPartitions(
  records: readonly RawRecord[],
): Map<string, RawRecord[]> {
  const groups = new Map<string, RawRecord[]>();
  for (const r of records) {
    const dir = `${r.kind}/provider=${r.provider}/dt=${r.received_at.slice(0, 10)}`;
    groups.set(dir, [...(groups.get(dir) ?? []), r]);
  }
  return groups;
}

/**
 * An {@link EventSink} writing a lake directory laid out like the S3 lake:
 * `events/provider=<p>/dt=<d>/*.parquet` and gzip NDJSON under
 * `raw|rejected/provider=<p>/dt=<d>/`. File names are unique, so repeated
 * writes add files and never overwrite; duplicates are removed at query time.
 * @example await new LocalLakeSink('.lake').putEvents(events)
 */
export class LocalLakeSink implements EventSink {
  readonly lakeDir: string;
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(lakeDir: string) {
    this.lakeDir = lakeDir;
  }

  /** Writes events as Parquet, one new file per touched partition. */
  async putEvents(events: readonly EmailEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.instance ??= DuckDBInstance.create(':memory:');
    const conn = await (await this.instance).connect();
    // One staging table per call: concurrent writes (serve) never collide.
    const table = `staging_${randomUUID().replaceAll('-', '')}`;
    try {
      await stageEvents(conn, table, events);
      const target = join(this.lakeDir, 'events');
      await mkdir(target, { recursive: true });
      await conn.run(
        `COPY ${table} TO ${sqlString(target)} (FORMAT parquet, ` +
          'PARTITION_BY (provider, dt), APPEND, ' +
          "FILENAME_PATTERN 'part-{uuid}')",
      );
    } finally {
      await conn.run(`DROP TABLE IF EXISTS ${table}`);
      conn.closeSync();
    }
  }

  /** Writes raw records as gzip NDJSON, one new file per partition. */
  async putRaw(records: readonly RawRecord[]): Promise<void> {
    for (const [dir, group] of rawPartitions(records)) {
      const path = join(this.lakeDir, dir);
      await mkdir(path, { recursive: true });
      const ndjson = group.map((r) => `${JSON.stringify(r)}\n`).join('');
      await writeFile(
        join(path, `${Date.now()}-${randomUUID()}.ndjson.gz`),
        await gzipAsync(ndjson),
      );
    }
  }

  /** Releases the embedded DuckDB database. */
  close(): void {
    const instance = this.instance;
    this.instance = undefined;
    void instance?.then((i) => i.closeSync());
  }
}

/**
 * Appends canonical events to the local lake at `lakeDir` (used by
 * `normalize --lake` and `serve`); returns how many were written.
 */
export async function ingestEvents(
  lakeDir: string,
  events: readonly EmailEvent[],
): Promise<number> {
  const sink = new LocalLakeSink(lakeDir);
  try {
    await sink.putEvents(events);
  } finally {
    sink.close();
  }
  return events.length;
}
