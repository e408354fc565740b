import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CursorConflictError } from '../../app/archive/errors';
import type {
  ArchiveStore,
  CursorStore,
  StoredCursor,
} from '../../app/archive/stores';
import { cursorBody, cursorKey } from '../../core/archive/types';

/** Writes `body` at `path` atomically (temp file + rename). */
async function writeAtomic(
  path: string,
  body: Uint8Array | string,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, body);
  await rename(tmp, path);
}

/** Archive pages as files under a local lake: `<lake>/archive/…`. */
export class FileArchiveStore implements ArchiveStore {
  constructor(private readonly lakeDir: string) {}

  /** Writes (or overwrites) `<lake>/<key>`. */
  async putObject(key: string, body: Uint8Array): Promise<void> {
    await writeAtomic(join(this.lakeDir, key), body);
  }
}

const versionOf = (text: string): string =>
  createHash('sha256').update(text).digest('hex');

/**
 * Cursors as files at `<lake>/archive/_cursors/<id>.json`; the version is
 * the content hash, so a save after another process changed the file fails.
 */
export class FileCursorStore implements CursorStore {
  constructor(private readonly lakeDir: string) {}

  private path(id: string): string {
    return join(this.lakeDir, cursorKey(id));
  }

  /** Reads a cursor; a missing file gives nulls. */
  async load(id: string): Promise<StoredCursor> {
    try {
      const text = await readFile(this.path(id), 'utf8');
      return { value: JSON.parse(text), version: versionOf(text) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return { value: null, version: null };
      }
      throw err;
    }
  }

  /** Writes the cursor if the file is still at `version`. */
  async save(
    id: string,
    value: unknown,
    version: string | null,
  ): Promise<string> {
    const current = await this.load(id);
    if (current.version !== version) throw new CursorConflictError(id);
    const text = cursorBody(value);
    await writeAtomic(this.path(id), text);
    return versionOf(text);
  }
}
