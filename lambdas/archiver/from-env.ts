import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import { emfPublisher } from '../../adapters/aws/emf-metrics';
import { S3ArchiveStore, S3CursorStore } from '../../adapters/aws/s3-stores';
import { readSecretString } from '../../adapters/aws/secret-string';
import type {
  ArchiveJob,
  ScheduledArchiveEnv,
} from '../../app/archive/run-archive';
import type { Log } from '../../app/log';
import { ENV } from '../../contract/env';
import { cmcLists, DEFAULT_CMC_LISTS } from '../../core/archive/cmc';
import { parseArchiveCredentials } from '../../core/archive/credentials';
import {
  type ArchiveProvider,
  isArchiveProvider,
} from '../../core/archive/types';
import { PipelineError } from '../../core/errors';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { DEFAULT_TIMEZONE } from '../../core/providers/types';
import type { EventSink } from '../../core/raw-record';
import { optionalEnv, requireEnv } from '../wiring/env';
import { s3 } from '../wiring/s3-client';

/** The schedule's input: `{"provider": "…"}` (or nothing: env decides). */
export interface ArchiverEvent {
  readonly provider?: string;
}

/**
 * The archiver to run: the schedule input's `provider`, else the
 * function's MAILTRAIL_ARCHIVER_PROVIDER.
 */
export function resolveArchiveProvider(
  event: ArchiverEvent | null | undefined,
): ArchiveProvider {
  const name = event?.provider ?? optionalEnv(ENV.ARCHIVER_PROVIDER);
  if (!isArchiveProvider(name)) {
    throw new PipelineError(
      `unknown archiver "${name ?? ''}" (expected blastengine, mailgun or cmc)`,
      'config',
    );
  }
  return name;
}

/** MAILTRAIL_CMC_ARCHIVE_LISTS, validated; unset means the default lists. */
function cmcListsFromEnv() {
  const names = optionalEnv(ENV.CMC_ARCHIVE_LISTS);
  return names === undefined
    ? [...DEFAULT_CMC_LISTS]
    : cmcLists(names.split(',').map((n) => n.trim()));
}

/**
 * The job of a scheduled run from the function's environment: credentials
 * from the secret named in MAILTRAIL_ARCHIVER_SECRET (read every run, so a
 * rotated key applies at once), scope from the provider's env vars.
 */
export async function archiveJobFromEnv(
  provider: ArchiveProvider,
  secrets: SecretsManagerClient,
): Promise<ArchiveJob> {
  const secret = await readSecretString(
    secrets,
    requireEnv(ENV.ARCHIVER_SECRET),
  );
  const baseUrl = optionalEnv(ENV.ARCHIVER_BASE_URL);
  switch (provider) {
    case 'blastengine':
      return {
        provider,
        baseUrl,
        credentials: parseArchiveCredentials(provider, secret),
      };
    case 'mailgun':
      return {
        provider,
        baseUrl,
        credentials: parseArchiveCredentials(provider, secret),
        domains: requireEnv(ENV.MAILGUN_DOMAINS).split(',').filter(Boolean),
        region: optionalEnv(ENV.MAILGUN_REGION) === 'eu' ? 'eu' : 'us',
      };
    case 'cmc':
      return {
        provider,
        baseUrl,
        credentials: parseArchiveCredentials(provider, secret),
        serverComposition: requireEnv(ENV.CMC_SERVER_COMPOSITION),
        timezone: optionalEnv(ENV.CMC_TIMEZONE) ?? DEFAULT_TIMEZONE,
        lists: cmcListsFromEnv(),
      };
  }
}

/**
 * Where a scheduled run writes, from the function's environment: archive
 * pages and cursors in the lake bucket, events to `sink`, counts to
 * Embedded Metric Format log lines; it stops before the invocation's deadline.
 */
export function scheduledEnvFromEnv(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  log: Log,
  sink: Pick<EventSink, 'putEvents'>,
): ScheduledArchiveEnv {
  const bucket = requireEnv(ENV.LAKE_BUCKET);
  const namespace = optionalEnv(ENV.METRICS_NAMESPACE) ?? METRIC_NAMESPACE;
  return {
    store: new S3ArchiveStore(s3, bucket),
    cursors: new S3CursorStore(s3, bucket),
    sink,
    remainingMs: () => context.getRemainingTimeInMillis(),
    log,
    publish: emfPublisher(namespace),
  };
}
