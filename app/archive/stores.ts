/**
 * Where raw archive pages go: S3 in AWS, a lake directory for `backfill
 * --lake`. Keys are idempotent, so writing one again overwrites it.
 */
export interface ArchiveStore {
  putObject(key: string, body: Uint8Array, contentType: string): Promise<void>;
}

/** A cursor as stored, with the version a conditional save must match. */
export interface StoredCursor {
  /** The parsed JSON, or null when no cursor exists yet. */
  readonly value: unknown;
  /** Opaque version (an S3 ETag); null when no cursor exists yet. */
  readonly version: string | null;
}

/**
 * Cursor persistence with optimistic concurrency: `save` succeeds only if
 * the stored version is still `version` (null: still absent), else throws
 * CursorConflictError, so two runs can never both advance one cursor.
 */
export interface CursorStore {
  load(id: string): Promise<StoredCursor>;
  /** Stores `value` and returns its new version. */
  save(id: string, value: unknown, version: string | null): Promise<string>;
}
