import { LakeRawSource } from '../../adapters/local/lake-raw-source';
import {
  type RawNormalizer,
  type RawRecordSource,
  type ReplayDeps,
  type ReplayProgress,
  type ReplaySummary,
  replayRaw,
} from '../../app/replay/replay';
import type { EventSink } from '../../core/raw-record';
import { PROVIDERS } from '../../core/schema';
import { assertTimeZone } from '../../core/time';
import { parseCliArgs, providerOption } from '../args';
import {
  DEFAULT_KEY_SECRET,
  RECIPIENTS_OPTIONS,
  recipientKeySecret,
} from '../deployed-events-sink';
import { assertDayOrder, dayOption } from '../lake/day-option';
import { DEFAULT_LAKE_DIR, LAKE_ENV, resolveLakeDir } from '../lake/lake-dir';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

/** The events stream of a default deployment. */
const DEFAULT_STREAM = 'mailtrail-events';

const USAGE = `Usage: mailtrail replay [options]

Re-normalizes the raw payloads kept in the lake's raw/ (webhook bodies, SNS
messages, inputs of normalize --lake) and writes their canonical events again,
e.g. after a normalizer fix. Events keep their event_id and get the replay
time as received_at, so events_dedup shows the new version and its counts do
not change. raw/ is only read. Records that fail to normalize are counted and
listed, and the replay goes on (exit 1 at the end if any failed).

Options:
  --lake DIR           lake directory (default $${LAKE_ENV} or ./${DEFAULT_LAKE_DIR})
  --bucket NAME        replay the deployed lake instead: read raw/ of this
                       bucket, write through the events stream (your AWS
                       credentials; needs --recipients)
  --stream NAME        events Firehose stream (default ${DEFAULT_STREAM})
  --recipients R       hashed or plain: as the deployment's
                       privacy.hashRecipients (hashed reads --key-secret)
  --key-secret NAME    recipient key secret (default ${DEFAULT_KEY_SECRET})
  --region R           AWS region for --bucket (default AWS_REGION)
  --provider P         only this provider (${PROVIDERS.join(', ')})
  --from YYYY-MM-DD    first day the payloads were received (raw/ dt)
  --to YYYY-MM-DD      last day the payloads were received
  --timezone TZ        timezone of CMC wall-clock times (default Asia/Tokyo)
  --dry-run            normalize and count, write nothing`;

function parse(args: readonly string[]) {
  const { values } = parseCliArgs(args, {
    options: {
      lake: { type: 'string' },
      bucket: { type: 'string' },
      stream: { type: 'string', default: DEFAULT_STREAM },
      ...RECIPIENTS_OPTIONS,
      region: { type: 'string' },
      provider: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      timezone: { type: 'string', default: 'Asia/Tokyo' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const provider = providerOption(values.provider);
  const from = dayOption('from', values.from, undefined);
  const to = dayOption('to', values.to, undefined);
  assertDayOrder(from, to);
  assertTimeZone(values.timezone);
  if (values.bucket !== undefined && values.lake !== undefined) {
    throw new CliUsageError('give --lake or --bucket, not both');
  }
  const keySecret = recipientKeySecret(values, {
    flag: '--bucket',
    given: values.bucket !== undefined,
  });
  return {
    lake: values.lake,
    aws:
      values.bucket === undefined
        ? undefined
        : {
            bucket: values.bucket,
            stream: values.stream,
            region: values.region,
            keySecret,
          },
    range: { provider: provider, from, to },
    timezone: values.timezone,
    dryRun: values['dry-run'],
  };
}

/** Raw objects between two progress lines on stderr. */
const PROGRESS_EVERY = 100;

const progressLine = (p: ReplayProgress): string =>
  `replay: ${p.objects} objects, ${p.records} records, ${p.events} events, ${p.failed} failed`;

function summaryText(s: ReplaySummary, dryRun: boolean, where: string): string {
  const written = dryRun
    ? 'nothing written (dry run)'
    : `${s.written} events written to ${where}`;
  return [
    `raw objects  ${s.objects}`,
    `raw records  ${s.records}`,
    `events       ${s.events}; ${written}`,
    `failed       ${s.failed}`,
    ...s.failures.map((f) => `  ${f.key}: ${f.error}`),
  ].join('\n');
}

/** Where a replay reads and writes: the local lake or the deployed one. */
interface ReplayTarget {
  readonly source: RawRecordSource;
  readonly sink?: Pick<EventSink, 'putEvents'>;
  readonly where: string;
  close(): void;
}

async function localTarget(
  lake: string | undefined,
  dryRun: boolean,
  io: CliIo,
): Promise<ReplayTarget> {
  const lakeDir = resolveLakeDir(io, lake);
  // Loaded lazily: a dry run never starts DuckDB.
  const sink = dryRun
    ? undefined
    : new (await import('../../adapters/local/lake-sink')).LocalLakeSink(
        lakeDir,
      );
  return {
    source: new LakeRawSource(lakeDir),
    sink,
    where: lakeDir,
    close: () => sink?.close(),
  };
}

/**
 * Runs a replay of the local lake, or of the deployed lake with --bucket;
 * `normalize` replaces the normalizers (tests use it to stand for a
 * changed normalizer).
 */
export async function replayLocal(
  args: readonly string[],
  io: CliIo,
  normalize?: RawNormalizer,
): Promise<number> {
  const opts = parse(args);
  const target = opts.aws
    ? await (await import('../replay/aws-target')).awsReplayTarget(
        { ...opts.aws, stream: opts.dryRun ? undefined : opts.aws.stream },
        io,
      )
    : await localTarget(opts.lake, opts.dryRun, io);
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const deps: ReplayDeps = {
    source: target.source,
    sink: target.sink,
    now: () => new Date(),
    normalize,
    timezone: opts.timezone,
    onProgress: (p) => {
      // A terminal gets one line kept current; a log every 100th object.
      if (tty) io.stderr.write(`\r${progressLine(p)}`);
      else if (p.objects % PROGRESS_EVERY === 0) {
        io.stderr.write(`${progressLine(p)}\n`);
      }
    },
  };
  try {
    const summary = await replayRaw(opts.range, deps);
    if (tty && summary.objects > 0) io.stderr.write('\n');
    io.stdout.write(`${summaryText(summary, opts.dryRun, target.where)}\n`);
    return summary.failed > 0 ? 1 : 0;
  } finally {
    target.close();
  }
}

/** `mailtrail replay`: derive events again from the lake's raw payloads. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail replay --lake .lake --dry-run',
    'mailtrail replay --provider cmc --from 2026-03-01 --to 2026-03-14',
    'mailtrail replay --bucket mailtrail-lake-123 --recipients plain --dry-run',
    'mailtrail replay --bucket mailtrail-lake-123 --recipients hashed --provider mailgun --from 2026-03-01',
  ],
  run: (args, io) => replayLocal(args, io),
};
