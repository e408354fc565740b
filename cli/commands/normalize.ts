import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { normalizeInput } from '../../core/normalize-input';
import {
  type EmailEvent,
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
  --received-at ISO   received_at to stamp (default: now)
  --lake DIR          also append the events (Parquet) and the input (raw/)
                      to a local lake directory, for mailtrail query`;

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
      lake: { type: 'string' },
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
    lake: values.lake,
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
  if (opts.lake) await storeInLake(opts, io, text, events, receivedAt);
  // Print only after everything normalized: bad input leaves stdout empty.
  io.stdout.write(events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return 0;
}

async function storeInLake(
  opts: ReturnType<typeof parse>,
  io: CliIo,
  text: string,
  events: readonly EmailEvent[],
  receivedAt: string,
): Promise<void> {
  // Loaded lazily: plain normalize never pays for DuckDB.
  const { LocalLakeSink } = await import('../../adapters/local/lake-sink');
  const { resolveLakeDir } = await import('../lake/lake-dir');
  const dir = resolveLakeDir(io, opts.lake);
  const sink = new LocalLakeSink(dir);
  try {
    await sink.putRaw([
      {
        kind: 'raw',
        provider: opts.provider,
        received_at: receivedAt,
        source: opts.source ?? events[0]?.source ?? 'webhook',
        reason: null,
        content_type: opts.contentType ?? null,
        body: text,
        body_encoding: 'utf8',
        request_id: null,
      },
    ]);
    await sink.putEvents(events);
  } finally {
    sink.close();
  }
  io.stderr.write(`stored ${events.length} event(s) in ${dir}\n`);
}

/** `mailtrail normalize`: provider payload in, canonical NDJSON out. */
export const command: CliCommand = {
  summary: 'Normalize a provider payload into canonical events (NDJSON).',
  usage: USAGE,
  run,
};
