import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ArchiveStore, S3CursorStore } from '../../adapters/aws/s3-stores';
import {
  FileArchiveStore,
  FileCursorStore,
} from '../../adapters/local/file-stores';
import { LocalLakeSink } from '../../adapters/local/lake-sink';
import { runArchive } from '../../app/archive/run-archive';
import type { ArchiveStore, CursorStore } from '../../app/archive/stores';
import { utcDate } from '../../core/archive/dates';
import type { ArchiveSummary } from '../../core/archive/summary';
import type { EventSink } from '../../core/raw-record';
import { cliAwsConfig } from '../aws-clients';
import {
  type BackfillTarget,
  CREDENTIAL_ENV,
  parseBackfill,
} from '../backfill/options';
import { progressReporter, summaryLine } from '../backfill/progress';
import {
  DEFAULT_KEY_SECRET,
  deployedEventsSink,
} from '../deployed-events-sink';
import { DEFAULT_LAKE_DIR, LAKE_ENV, resolveLakeDir } from '../lake/lake-dir';
import { reportingHttp } from '../network';
import { formatRows, type OutputFormat } from '../output';
import type { CliCommand, CliIo } from '../types';

const env = (p: keyof typeof CREDENTIAL_ENV) =>
  Object.values(CREDENTIAL_ENV[p]).join(', ');

const USAGE = `Usage: mailtrail backfill --provider <blastengine|mailgun|cmc> --since YYYY-MM-DD
         [--until YYYY-MM-DD] [--lake DIR | --bucket NAME
         [--events-stream NAME --recipients hashed|plain]]
         [--domain D ...] [--base-url URL]

Runs a scheduled archiver by hand over whole days (UTC; CMC: its timezone):
raw API pages under archive/<provider>/… and canonical events into the lake.
Resumable: an interrupted backfill continues where it stopped; a finished
one has nothing left to do (delete its cursor under archive/_cursors/backfill/
to redo it — keys are idempotent, pages are overwritten, not duplicated).

Credentials come from the environment and are never printed:
  blastengine  ${env('blastengine')}
  mailgun      ${env('mailgun')}
  cmc          ${env('cmc')}

Options:
  --since, --until D     first and last day (default --until: today)
  --lake DIR             local lake (default $${LAKE_ENV} or ./${DEFAULT_LAKE_DIR})
  --bucket NAME          the lake bucket in S3 instead (AWS credentials from the env)
  --events-stream NAME   with --bucket: send events through this Firehose stream
                         (without it only the raw pages are written)
  --recipients R         with --events-stream (required): hashed or plain, as
                         the deployment's privacy.hashRecipients (hashed reads
                         the key from --key-secret, before anything is written)
  --key-secret NAME      recipient key secret (default ${DEFAULT_KEY_SECRET})
  --region R             AWS region for --bucket (default AWS_REGION)
  --domain D             Mailgun sending domain (repeatable; required for mailgun)
  --mailgun-region R     us or eu (default us)
  --server-composition S CMC server configuration (default pro)
  --timezone TZ          CMC console timezone (default Asia/Tokyo)
  --lists L,...          CMC lists: deliveries, bounces, blocks (blocks needs
                         the Pro plan; default deliveries,bounces)
  --no-reports           blastengine: skip analysis reports
  --base-url URL         provider API base URL (proxies, tests)
  --format F             the final summary as table (one line, default),
                         json or csv

Network failures name the host; each retry is reported on stderr.`;

interface Destination {
  readonly store: ArchiveStore;
  readonly cursors: CursorStore;
  readonly sink: Pick<EventSink, 'putEvents'>;
  readonly where: string;
  close(): void;
}

async function destination(
  target: BackfillTarget,
  io: CliIo,
): Promise<Destination> {
  if (target.kind === 'lake') {
    const dir = resolveLakeDir(io, target.dir);
    const sink = new LocalLakeSink(dir);
    return {
      store: new FileArchiveStore(dir),
      cursors: new FileCursorStore(dir),
      sink,
      where: dir,
      close: () => sink.close(),
    };
  }
  const { config, s3Config } = cliAwsConfig(io, target.region);
  const s3 = new S3Client(s3Config);
  const firehose = new FirehoseClient(config);
  const close = () => {
    s3.destroy();
    firehose.destroy();
  };
  const stream = target.eventsStream;
  try {
    // Read the recipient key (if any) before a page is written.
    const sink = stream
      ? await deployedEventsSink({
          firehose,
          s3,
          config,
          bucket: target.bucket,
          stream,
          keySecret: target.keySecret,
        })
      : { putEvents: async () => {} };
    const hashed = target.keySecret ? ', recipients hashed' : '';
    return {
      store: new S3ArchiveStore(s3, target.bucket),
      cursors: new S3CursorStore(s3, target.bucket),
      sink,
      where: `s3://${target.bucket}${stream ? ` + firehose ${stream}${hashed}` : ' (pages only)'}`,
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}

function printSummary(
  format: OutputFormat,
  summary: ArchiveSummary,
  where: string,
): string {
  if (format === 'table') return `${summaryLine(summary, where)}\n`;
  const row = { ...summary, where };
  return formatRows(format, Object.keys(row), [row]);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { job, target, format } = parseBackfill(
    args,
    io.env,
    utcDate(Date.now()),
  );
  const dest = await destination(target, io);
  const progress = progressReporter(io.stderr);
  try {
    const summary = await runArchive(job, {
      ...dest,
      onProgress: progress.update,
      httpOptions: reportingHttp(io.stderr),
    });
    progress.done();
    io.stdout.write(printSummary(format, summary, dest.where));
    return 0;
  } finally {
    progress.done();
    dest.close();
  }
}

/** `mailtrail backfill`: the scheduled archivers' runner, by hand, with progress. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'MAILTRAIL_BLASTENGINE_LOGIN_ID=… MAILTRAIL_BLASTENGINE_API_KEY=… mailtrail backfill --provider blastengine --since 2026-09-25 --lake .lake',
    'MAILTRAIL_MAILGUN_API_KEY=… mailtrail backfill --provider mailgun --domain mg.example.com --since 2026-10-01 --until 2026-10-07',
    'mailtrail backfill --provider cmc --since 2026-10-01 --bucket my-lake-bucket --events-stream my-events --recipients hashed --format json',
    'mailtrail backfill --provider cmc --since 2026-10-01 --bucket my-lake-bucket --events-stream my-events --recipients plain',
  ],
  run,
};
