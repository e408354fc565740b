import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { normalizeInput } from '../core/normalize-input';
import { DUCKDB_TYPES, duckdbCreateTableSql } from '../core/queries/duckdb-ddl';
import { DATA_COLUMNS } from '../core/schema';
import { generateCorpus } from './corpus';

/** Bytes per canonical event in each form the lake holds or bills. */
export interface StorageRow {
  readonly events: number;
  /** Payloads as the providers sent them (the baseline). */
  readonly payloadBytes: number;
  /** Canonical NDJSON: what the events stream ingests. */
  readonly canonicalBytes: number;
  readonly canonicalGzipBytes: number;
  /** RawRecord NDJSON, gzip: what raw/ stores. */
  readonly rawRecordGzipBytes: number;
  /** Parquet (GZIP, as the events stream writes it) of the data columns, one file, written by DuckDB. */
  readonly parquetBytes: number;
  /** The same Parquet with SNAPPY, Firehose's other codec (the comparison). */
  readonly parquetSnappyBytes: number;
}

/**
 * Writes a corpus sample the way the lake stores it and measures the bytes:
 * the per-event sizes feed the cost model (docs/performance.md).
 */
export async function measureStorage(
  events: number,
  seed: number,
  dir: string,
): Promise<StorageRow> {
  mkdirSync(dir, { recursive: true });
  const canonical: string[] = [];
  const raw: string[] = [];
  let payloadBytes = 0;
  let n = 0;
  for (const p of generateCorpus({ events, seed })) {
    payloadBytes += Buffer.byteLength(p.body);
    const out = normalizeInput(p.provider, p.body, {
      receivedAt: '2026-03-14T03:00:00.000Z',
      contentType: p.contentType,
    });
    n += out.length;
    for (const e of out) canonical.push(JSON.stringify(e));
    raw.push(
      JSON.stringify({
        kind: 'raw',
        provider: p.provider,
        received_at: '2026-03-14T03:00:00.000Z',
        source: 'webhook',
        reason: null,
        content_type: p.contentType,
        body: p.body,
        body_encoding: 'utf8',
        request_id: null,
      }),
    );
  }
  const canonicalText = `${canonical.join('\n')}\n`;
  const ndjson = join(dir, 'events.ndjson');
  const parquet = join(dir, 'events.parquet');
  writeFileSync(ndjson, canonicalText);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const columns = DATA_COLUMNS.map(
    (c) => `${c.name}: '${DUCKDB_TYPES[c.type]}'`,
  ).join(', ');
  await conn.run(duckdbCreateTableSql('ev', DATA_COLUMNS));
  await conn.run(
    `INSERT INTO ev SELECT * FROM read_json('${ndjson}', format = 'newline_delimited', columns = {${columns}})`,
  );
  const parquetSize = async (codec: 'gzip' | 'snappy') => {
    await conn.run(
      `COPY ev TO '${parquet}' (FORMAT parquet, COMPRESSION ${codec})`,
    );
    return statSync(parquet).size;
  };
  const parquetBytes = await parquetSize('gzip');
  const parquetSnappyBytes = await parquetSize('snappy');
  conn.closeSync();
  rmSync(dir, { recursive: true, force: true });
  return {
    events: n,
    payloadBytes,
    canonicalBytes: Buffer.byteLength(canonicalText),
    canonicalGzipBytes: gzipSync(canonicalText).length,
    rawRecordGzipBytes: gzipSync(`${raw.join('\n')}\n`).length,
    parquetBytes,
    parquetSnappyBytes,
  };
}
