import {
  BLASTENGINE_BASE_URL,
  blastengineToken,
} from '../../core/archive/blastengine';
import {
  CMC_BASE_URL,
  type CmcList,
  cmcLists,
  DEFAULT_CMC_LISTS,
} from '../../core/archive/cmc';
import type {
  BlastengineCredentials,
  CmcApiCredentials,
  MailgunCredentials,
} from '../../core/archive/credentials';
import { MAILGUN_BASE_URLS } from '../../core/archive/mailgun';
import {
  type ArchiveOutcome,
  type ArchiveSummary,
  archiveMetricPoints,
} from '../../core/archive/summary';
import type { ArchiveWindow } from '../../core/archive/types';
import type { MetricPoint } from '../../core/metrics/types';
import { bestEffort } from '../best-effort';
import type { Log } from '../log';
import { archiveBlastengine } from './blastengine';
import { archiveCmc } from './cmc';
import { ArchiveHttpClient, type ArchiveHttpOptions } from './http-client';
import { archiveMailgun } from './mailgun';
import { type ArchiveDeps, ArchiveRun } from './run-context';

interface JobBase {
  /** Override of the provider's API base URL (tests, proxies). */
  readonly baseUrl?: string;
  /** Backfill window; absent for the scheduled run. */
  readonly window?: ArchiveWindow;
}

/** One archiver job: which provider, with what credentials and scope. */
export type ArchiveJob =
  | (JobBase & {
      readonly provider: 'blastengine';
      readonly credentials: BlastengineCredentials;
      /** Analysis reports too. @default true */
      readonly reports?: boolean;
      readonly reportWaitMs?: number;
    })
  | (JobBase & {
      readonly provider: 'mailgun';
      readonly credentials: MailgunCredentials;
      readonly domains: readonly string[];
      readonly region: keyof typeof MAILGUN_BASE_URLS;
    })
  | (JobBase & {
      readonly provider: 'cmc';
      readonly credentials: CmcApiCredentials;
      readonly serverComposition: string;
      readonly timezone: string;
      /** Lists to read; `blocks` needs the Pro plan. @default ['deliveries', 'bounces'] */
      readonly lists?: readonly CmcList[];
    });

/** ArchiveDeps without HTTP (built here), plus client tuning. */
export type ArchiveEnv = Omit<ArchiveDeps, 'http'> & {
  readonly httpOptions?: Partial<ArchiveHttpOptions>;
};

function start(job: ArchiveJob, run: ArchiveRun): Promise<ArchiveOutcome> {
  switch (job.provider) {
    case 'blastengine':
      return archiveBlastengine(run, {
        baseUrl: job.baseUrl ?? BLASTENGINE_BASE_URL,
        token: blastengineToken(
          job.credentials.loginId,
          job.credentials.apiKey,
        ),
        window: job.window,
        reports: job.reports ?? true,
        reportWaitMs: job.reportWaitMs,
      });
    case 'mailgun':
      return archiveMailgun(run, {
        baseUrl: job.baseUrl ?? MAILGUN_BASE_URLS[job.region],
        apiKey: job.credentials.apiKey,
        domains: job.domains,
        window: job.window,
      });
    case 'cmc':
      return archiveCmc(run, {
        baseUrl: job.baseUrl ?? CMC_BASE_URL,
        credentials: {
          ...job.credentials,
          serverComposition: job.serverComposition,
        },
        timezone: job.timezone,
        lists: cmcLists(job.lists ?? DEFAULT_CMC_LISTS),
        window: job.window,
      });
  }
}

/** Every secret value of a job, to keep out of error messages. */
function secretsOf(job: ArchiveJob): string[] {
  const values: string[] = Object.values(job.credentials);
  if (job.provider === 'blastengine') {
    values.push(
      blastengineToken(job.credentials.loginId, job.credentials.apiKey),
    );
  }
  return values;
}

/**
 * Runs one archiver job — the scheduled Lambda and `mailtrail backfill`
 * share this — and returns what it did. Throws on failure; the cursor then
 * still points at the last written page, so a rerun resumes there.
 * @example await runArchive({ provider: 'cmc', credentials, serverComposition: 'pro', timezone: 'Asia/Tokyo' }, env)
 */
export async function runArchive(
  job: ArchiveJob,
  env: ArchiveEnv,
): Promise<ArchiveSummary> {
  const http = new ArchiveHttpClient({
    provider: job.provider,
    secrets: secretsOf(job),
    remainingMs: env.remainingMs,
    ...env.httpOptions,
  });
  const timezone = job.provider === 'cmc' ? job.timezone : env.timezone;
  const run = new ArchiveRun(job.provider, { ...env, http, timezone });
  const outcome = await start(job, run);
  return run.summary(outcome);
}

/** A scheduled run's env: a run's, plus where its metrics go. */
export type ScheduledArchiveEnv = ArchiveEnv & {
  readonly log: Log;
  /** Publishes metric points; a failure is logged, not fatal. */
  readonly publish: (points: readonly MetricPoint[]) => Promise<void>;
};

/**
 * The scheduled archiver run: {@link runArchive}, then its summary logged
 * and its counts published (best effort: the pages and cursor are durable).
 * A failed run is logged and rethrown (Lambda Errors alarm).
 */
export async function runScheduledArchive(
  job: ArchiveJob,
  env: ScheduledArchiveEnv,
): Promise<ArchiveSummary> {
  const summary = await runArchive(job, env);
  env.log.info('archive run finished', { ...summary });
  await bestEffort(
    () => env.publish(archiveMetricPoints(summary)),
    env.log,
    'metrics not published',
    { provider: job.provider },
  );
  return summary;
}
