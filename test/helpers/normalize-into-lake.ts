import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { main } from '../../cli/main';
import { memoryIo } from './cli-io';

/**
 * Stores a payload in `lake` as `mailtrail normalize --lake` does: the
 * events as Parquet and the payload as a raw record. `extra` adds options
 * such as `--source archive`.
 */
export async function normalizeIntoLake(
  lake: string,
  provider: string,
  payload: object,
  ...extra: string[]
): Promise<void> {
  const file = join(tmpdir(), `mailtrail-payload-${Math.random()}.json`);
  await writeFile(file, JSON.stringify(payload));
  const io = memoryIo();
  try {
    const code = await main(
      ['normalize', '--provider', provider, '--lake', lake, ...extra, file],
      io,
    );
    expect(code, io.err()).toBe(0);
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * A fresh lake directory for each test of the file (removed afterwards);
 * read it through the returned function.
 */
export function useTempLake(prefix: string): () => string {
  let lake = '';
  beforeEach(async () => {
    lake = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(lake, { recursive: true, force: true });
  });
  return () => lake;
}
