import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { normalizeInput } from '../../core/normalize-input';
import {
  PROVIDERS,
  type Provider,
  SOURCES,
  type Source,
} from '../../core/schema';
import { assertTimeZone } from '../../core/time';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail normalize --provider <${PROVIDERS.join('|')}> [options] [FILE|-]

Reads one payload as the provider sends it (webhook body; for SES the raw
event, an SNS Lambda event, a Firehose transformation event or Firehose NDJSON)
and prints one canonical event per line (NDJSON).

Options:
  --provider P        ${PROVIDERS.join(', ')} (required)
  --timezone TZ       timezone of CMC wall-clock times (default Asia/Tokyo)
  --content-type CT   body content type (default: sniffed)
  --source S          override the detected source (${SOURCES.join(', ')})
  --received-at ISO   received_at to stamp (default: now)`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parse(args: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      timezone: { type: 'string', default: 'Asia/Tokyo' },
      'content-type': { type: 'string' },
      source: { type: 'string' },
      'received-at': { type: 'string' },
    },
  });
  const provider = values.provider;
  if (!provider) throw new CliUsageError('--provider is required');
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new CliUsageError(
      `unknown provider "${provider}" (expected one of: ${PROVIDERS.join(', ')})`,
    );
  }
  const source = values.source;
  if (source && !(SOURCES as readonly string[]).includes(source)) {
    throw new CliUsageError(`unknown source "${source}"`);
  }
  if (positionals.length > 1) {
    throw new CliUsageError('give at most one FILE');
  }
  try {
    assertTimeZone(values.timezone);
  } catch {
    throw new CliUsageError(`unknown timezone "${values.timezone}"`);
  }
  return {
    provider: provider as Provider,
    source: source as Source | undefined,
    timezone: values.timezone,
    contentType: values['content-type'],
    receivedAt: values['received-at'],
    file: positionals[0] ?? '-',
  };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const opts = parse(args);
  const receivedAt = opts.receivedAt
    ? new Date(opts.receivedAt).toISOString()
    : new Date().toISOString();
  let text: string;
  try {
    text =
      opts.file === '-'
        ? await readAll(io.stdin)
        : await readFile(opts.file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${opts.file}: ${(err as Error).message}`);
  }
  const events = normalizeInput(opts.provider, text, {
    receivedAt,
    timezone: opts.timezone,
    source: opts.source,
    contentType: opts.contentType,
  });
  // Print only after everything normalized: bad input leaves stdout empty.
  io.stdout.write(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return 0;
}

/** `mailtrail normalize`: provider payload in, canonical NDJSON out. */
export const command: CliCommand = {
  summary: 'Normalize a provider payload into canonical events (NDJSON).',
  usage: USAGE,
  run,
};
