import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { RawRange, RawRecordSource } from '../../app/replay/replay';

const gunzipAsync = promisify(gunzip);

/** Names in `dir` (sorted), or none when it does not exist. */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The value of a `name=value` partition directory, or null. */
function partitionValue(dir: string, name: string): string | null {
  return dir.startsWith(`${name}=`) ? dir.slice(name.length + 1) : null;
}

function inRange(day: string, range: RawRange): boolean {
  return (
    (range.from === undefined || day >= range.from) &&
    (range.to === undefined || day <= range.to)
  );
}

/**
 * Raw objects of a local lake (`raw/provider=<p>/dt=<d>/*.ndjson.gz`, as
 * LocalLakeSink writes them), read-only. `dt` is the day they were received.
 * @example for await (const key of new LakeRawSource('.lake').list({})) …
 */
export class LakeRawSource implements RawRecordSource {
  constructor(private readonly lakeDir: string) {}

  async *list(range: RawRange): AsyncIterable<string> {
    for (const providerDir of await namesIn(join(this.lakeDir, 'raw'))) {
      const provider = partitionValue(providerDir, 'provider');
      if (provider === null) continue;
      if (range.provider !== undefined && provider !== range.provider) continue;
      const base = join('raw', providerDir);
      for (const dayDir of await namesIn(join(this.lakeDir, base))) {
        const day = partitionValue(dayDir, 'dt');
        if (day === null || !inRange(day, range)) continue;
        for (const file of await namesIn(join(this.lakeDir, base, dayDir))) {
          if (file.endsWith('.ndjson.gz') || file.endsWith('.ndjson')) {
            yield `${base}/${dayDir}/${file}`;
          }
        }
      }
    }
  }

  async read(key: string): Promise<string> {
    const bytes = await readFile(join(this.lakeDir, key));
    const text = key.endsWith('.gz') ? await gunzipAsync(bytes) : bytes;
    return text.toString('utf8');
  }
}
