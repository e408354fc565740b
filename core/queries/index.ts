export * from './dedup-view';
export * from './dialect';
export * from './duckdb-ddl';
export * from './named-queries';
export * from './window';
export * from './reconciliation';
