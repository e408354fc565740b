import { describe, expect, it } from 'vitest';
import { normalizeInput } from '../../../core/normalize-input';
import { PROVIDERS } from '../../../core/schema';
import { listFixtures, loadFixtureText } from '../../helpers/fixtures';

const receivedAt = '2026-03-14T03:00:00.000Z';

/** The Content-Type a fixture was sent with, from its file name. */
function contentTypeOf(file: string, body: string): string | undefined {
  if (file.endsWith('.json')) return 'application/json';
  if (file.endsWith('.form-urlencoded.txt')) {
    return 'application/x-www-form-urlencoded';
  }
  if (file.endsWith('.multipart.txt')) {
    // A multipart fixture starts with its first delimiter: `--<boundary>`.
    return `multipart/form-data; boundary=${body.slice(2, body.indexOf('\r\n'))}`;
  }
  return undefined; // NDJSON: SES Firehose S3 objects
}

/**
 * Every fixture normalized through normalizeInput, as the NDJSON the sink
 * writes (one `JSON.stringify` per event), or the error it raises.
 */
function goldenText(): string {
  const lines: string[] = [];
  for (const provider of PROVIDERS) {
    for (const file of listFixtures(provider, /\.(json|ndjson|txt)$/)) {
      const body = loadFixtureText(provider, file);
      lines.push(`# ${provider}/${file}`);
      try {
        const events = normalizeInput(provider, body, {
          receivedAt,
          contentType: contentTypeOf(file, body),
        });
        for (const e of events) lines.push(JSON.stringify(e));
      } catch (error) {
        const { name, message } = error as Error;
        lines.push(`! ${name}: ${message}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('normalized output of every fixture', () => {
  // Byte-for-byte what the normalizers produced when this file was last
  // reviewed: a performance change must leave it untouched; a deliberate
  // output change updates it (`npx vitest run -u <this file>`) in the same
  // commit, so the diff shows exactly which events changed.
  it('matches the reviewed NDJSON', async () => {
    await expect(goldenText()).toMatchFileSnapshot(
      '__golden__/normalized.ndjson',
    );
  });
});
