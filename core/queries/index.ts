export * from './dedup-view';
export * from './dialect';
export * from './duckdb-ddl';
export * from './named-queries';
export * from './reconciliation';
export * from './window';
