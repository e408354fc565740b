import { EVENT_COLUMNS } from '../schema';
import type { SqlDialect } from './dialect';

/** Name of the deduplicated view the named queries read from. */
export const DEDUP_VIEW = 'events_dedup';

/** Columns of the events table and of the dedup view: data + partitions. */
export const VIEW_COLUMNS: readonly string[] = [
  ...EVENT_COLUMNS.map((c) => c.name),
  'dt',
];

/**
 * The SELECT behind `events_dedup`: one row per event_id, the latest
 * received_at wins. Duplicates are expected (provider retries, SNS
 * at-least-once; docs/design.md "Data flow"), so every query reads this.
 * The window also partitions by `provider` and `dt`: an event_id already
 * fixes both (it hashes the provider and the event time, whose UTC date is
 * dt), and with them in the PARTITION BY, Athena pushes a `WHERE dt …` or
 * `provider = …` on the view down to partition projection instead of
 * reading the whole lake.
 */
export function dedupSelectSql(eventsTable: string): string {
  const cols = VIEW_COLUMNS.join(', ');
  return [
    `SELECT ${cols}`,
    'FROM (',
    `  SELECT ${cols},`,
    '    ROW_NUMBER() OVER (PARTITION BY provider, dt, event_id ORDER BY received_at DESC) AS rn',
    `  FROM ${eventsTable}`,
    ') AS ranked',
    'WHERE rn = 1',
  ].join('\n');
}

/**
 * `CREATE OR REPLACE VIEW events_dedup AS …` over `eventsTable`. The SQL is
 * the same in Athena and DuckDB; the dialect is kept for symmetry with the
 * named queries.
 * @example dedupViewSql('duckdb', 'events')
 */
export function dedupViewSql(
  _dialect: SqlDialect,
  eventsTable: string,
  viewName: string = DEDUP_VIEW,
): string {
  return `CREATE OR REPLACE VIEW ${viewName} AS\n${dedupSelectSql(eventsTable)}`;
}
