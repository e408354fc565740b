import { gunzipSync } from 'node:zlib';
import { CursorConflictError } from '../../app/archive/errors';
import type {
  ArchiveStore,
  CursorStore,
  StoredCursor,
} from '../../app/archive/stores';

/** An ArchiveStore in memory: objects by key, and how often each was written. */
export class MemoryArchiveStore implements ArchiveStore {
  readonly objects = new Map<
    string,
    { body: Uint8Array; contentType: string }
  >();
  readonly writes = new Map<string, number>();

  async putObject(
    key: string,
    body: Uint8Array,
    contentType: string,
  ): Promise<void> {
    this.objects.set(key, { body, contentType });
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
  }

  /** Sorted keys, optionally under a prefix. */
  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** A stored gzip JSON object, parsed. */
  json(key: string): unknown {
    const found = this.objects.get(key);
    if (!found) throw new Error(`no object ${key}`);
    return JSON.parse(gunzipSync(found.body).toString('utf8'));
  }
}

/** A CursorStore in memory with the same conditional-write rules as S3. */
export class MemoryCursorStore implements CursorStore {
  readonly cursors = new Map<string, { value: string; version: string }>();
  private counter = 0;

  /** The cursor and its version; nulls when absent. */
  async load(id: string): Promise<StoredCursor> {
    const found = this.cursors.get(id);
    return found
      ? { value: JSON.parse(found.value), version: found.version }
      : { value: null, version: null };
  }

  async save(
    id: string,
    value: unknown,
    version: string | null,
  ): Promise<string> {
    const current = this.cursors.get(id)?.version ?? null;
    if (current !== version) throw new CursorConflictError(id);
    const next = `v${++this.counter}`;
    this.cursors.set(id, { value: JSON.stringify(value), version: next });
    return next;
  }

  /** The parsed cursor `id`, or undefined. */
  get(id: string): unknown {
    const found = this.cursors.get(id);
    return found ? JSON.parse(found.value) : undefined;
  }
}
