import { createReadStream } from 'node:fs';
import { detectProvider } from '../../core/detect-provider';
import { normalizeInput } from '../../core/normalize-input';
import {
  type EmailEvent,
  PROVIDERS,
  type Provider,
  SOURCES,
  type Source,
} from '../../core/schema';
import { assertTimeZone } from '../../core/time';
import { parseCliArgs, providerOption } from '../args';
import { linesOf } from '../normalize/lines';
import { EventOutput, type LakeTarget } from '../normalize/output';
import { ttyStatus } from '../tty-status';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail normalize [--provider <${PROVIDERS.join('|')}>] [options] [FILE|-]

Reads a payload as the provider sends it (webhook body; for SES the raw
event, an SNS Lambda event, a Firehose transformation event or Firehose NDJSON)
and prints one canonical event per line (NDJSON). NDJSON input (one payload
per line) is streamed: memory stays flat however large the file; a bad line
is reported by number and the others are kept. A UTF-8 BOM is accepted.
On a terminal, long runs show progress on stderr.

Options:
  --provider P        ${PROVIDERS.join(', ')} (default: told from the
                      payload's shape; required for form/multipart bodies)
  --timezone TZ       timezone of CMC wall-clock times (default Asia/Tokyo)
  --content-type CT   body content type (default: sniffed)
  --source S          override the detected source (${SOURCES.join(', ')})
  --received-at ISO   received_at to stamp (default: now)
  --lake DIR          also append the events (Parquet) and the input (raw/)
                      to a local lake directory, for mailtrail query`;

/** Largest single (non-NDJSON) document read whole, in characters. */
const MAX_DOCUMENT_CHARS = 256 * 2 ** 20;
/** Bad NDJSON lines reported one by one before only counting. */
const REPORTED_BAD_LINES = 5;

function parse(args: readonly string[]) {
  const { values, positionals } = parseCliArgs(args, {
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
  const provider = providerOption(values.provider);
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
  const receivedAt = values['received-at'];
  if (receivedAt !== undefined && Number.isNaN(Date.parse(receivedAt))) {
    throw new CliUsageError(
      `--received-at must be an ISO time, got "${receivedAt}"`,
    );
  }
  return {
    provider: provider,
    source: source as Source | undefined,
    timezone: values.timezone,
    contentType: values['content-type'],
    receivedAt: new Date(receivedAt ?? Date.now()).toISOString(),
    lake: values.lake,
    file: positionals[0] ?? '-',
  };
}

type Options = ReturnType<typeof parse>;

function parsesAlone(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** --provider, or the provider the payload's shape names. */
function providerOf(opts: Options, text: string): Provider {
  if (opts.provider) return opts.provider;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliUsageError(
      'cannot tell the provider from a body that is not JSON; give --provider',
    );
  }
  try {
    return detectProvider(value);
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message}; give --provider`);
  }
}

/**
 * Normalizes the input: NDJSON (the first line a JSON value of its own, and
 * more lines after it) line by line as it streams, each line's provider told
 * by its shape unless --provider is given; anything else — one JSON
 * document, form or multipart — read whole (bounded) and normalized at once.
 */
class NormalizeRun {
  lines = 0;
  chars = 0;
  bad = 0;
  private provider: Provider | undefined;

  constructor(
    private readonly opts: Options,
    private readonly io: CliIo,
    private readonly out: EventOutput,
  ) {
    this.provider = opts.provider;
  }

  async consume(
    lines: AsyncIterable<string>,
    onLine: () => void,
  ): Promise<void> {
    let head = '';
    let first: { text: string; no: number } | undefined;
    let mode: 'ndjson' | 'document' | undefined;
    for await (const line of lines) {
      this.lines += 1;
      this.chars += line.length;
      onLine();
      if (mode === 'ndjson') {
        await this.line(line, this.lines);
        continue;
      }
      if (mode === 'document' || line.trim() === '') {
        head += line;
        if (head.length > MAX_DOCUMENT_CHARS) throw tooLarge();
        continue;
      }
      if (first === undefined && parsesAlone(line)) {
        first = { text: line, no: this.lines };
        head += line;
        continue;
      }
      head += line;
      if (first === undefined) {
        mode = 'document';
        continue;
      }
      mode = 'ndjson';
      await this.line(first.text, first.no);
      await this.line(line, this.lines);
    }
    if (mode === 'ndjson') return this.finishLines();
    await this.document(head);
  }

  private async document(text: string): Promise<void> {
    if (text.trim() === '') throw new Error('input is empty');
    const provider = providerOf(this.opts, text);
    this.provider = provider;
    this.out.input(text);
    await this.out.write(
      normalizeInput(provider, text, {
        receivedAt: this.opts.receivedAt,
        timezone: this.opts.timezone,
        source: this.opts.source,
        contentType: this.opts.contentType,
      }),
    );
  }

  private async line(text: string, no: number): Promise<void> {
    this.out.input(text);
    if (text.trim() === '') return;
    let events: EmailEvent[];
    try {
      // Without --provider each line is told by its own shape: one file may
      // mix providers.
      const provider = this.opts.provider ?? providerOf(this.opts, text);
      this.provider ??= provider;
      events = normalizeInput(provider, text, {
        receivedAt: this.opts.receivedAt,
        timezone: this.opts.timezone,
        // Firehose delivers SES events to S3 as NDJSON.
        source:
          this.opts.source ?? (provider === 'ses' ? 'firehose' : undefined),
        contentType: 'application/json',
      });
    } catch (err) {
      this.bad += 1;
      if (this.bad <= REPORTED_BAD_LINES) {
        this.io.stderr.write(`line ${no}: ${(err as Error).message}\n`);
      }
      return;
    }
    await this.out.write(events);
  }

  private finishLines(): void {
    if (this.bad === 0) return;
    throw new Error(
      `${this.bad} line(s) not normalized (first ${Math.min(this.bad, REPORTED_BAD_LINES)} shown above); ${this.out.events} event(s) from the other lines were printed`,
    );
  }

  /** The provider, once known (for the lake). */
  providerOrUndefined(): Provider | undefined {
    return this.provider;
  }
}

const tooLarge = () =>
  new Error(
    `the input is one document larger than ${MAX_DOCUMENT_CHARS / 2 ** 20} MiB; give one JSON value per line (NDJSON)`,
  );

function openInput(opts: Options, io: CliIo): NodeJS.ReadableStream {
  return opts.file === '-' ? io.stdin : createReadStream(opts.file);
}

/** A read failure (no such file, a directory…) rather than bad content. */
function isReadError(err: unknown): err is NodeJS.ErrnoException {
  return typeof (err as NodeJS.ErrnoException)?.syscall === 'string';
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const opts = parse(args);
  if (opts.file === '-' && (io.stdin as { isTTY?: boolean }).isTTY) {
    io.stderr.write(
      `mailtrail normalize: no input: give a FILE or pipe a payload into stdin\n\n${USAGE}\n`,
    );
    return 1;
  }
  let job: NormalizeRun | undefined;
  const provider = () => job?.providerOrUndefined() ?? 'ses';
  const lake = opts.lake ? await openLake(opts, io, provider) : undefined;
  const out = new EventOutput(io, lake);
  job = new NormalizeRun(opts, io, out);
  const status = ttyStatus(io.stderr);
  const started = Date.now();
  try {
    await job.consume(linesOf(openInput(opts, io), MAX_DOCUMENT_CHARS), () => {
      // Only long runs draw progress: short ones finish before it matters.
      if (Date.now() - started < 1_000) return;
      status.update(
        () =>
          `normalize: ${job.lines} lines · ${out.events} events · ${(job.chars / 2 ** 20).toFixed(1)} MiB`,
      );
    });
    await out.flush();
  } catch (err) {
    if (isReadError(err)) {
      throw new Error(`cannot read ${opts.file}: ${err.message}`, {
        cause: err,
      });
    }
    throw err;
  } finally {
    status.done();
    lake?.sink.close();
  }
  if (lake) io.stderr.write(`stored ${out.events} event(s) in ${lake.dir}\n`);
  return 0;
}

async function openLake(
  opts: Options,
  io: CliIo,
  provider: () => Provider,
): Promise<LakeTarget & { dir: string }> {
  // Loaded lazily: plain normalize never pays for DuckDB.
  const { LocalLakeSink } = await import('../../adapters/local/lake-sink');
  const { resolveLakeDir } = await import('../lake/lake-dir');
  const dir = resolveLakeDir(io, opts.lake);
  return {
    dir,
    sink: new LocalLakeSink(dir),
    provider,
    source: opts.source,
    contentType: opts.contentType,
    receivedAt: opts.receivedAt,
  };
}

/** `mailtrail normalize`: provider payload in, canonical NDJSON out. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail normalize webhook-body.json                 # provider told from the shape',
    'mailtrail normalize --provider ses firehose-object.ndjson',
    'mailtrail normalize --provider cmc --timezone Asia/Tokyo body.txt',
    'cat body.json | mailtrail normalize --provider blastengine -',
    'mailtrail normalize --lake .lake events.ndjson && mailtrail query daily-rates --lake .lake',
  ],
  run,
};
