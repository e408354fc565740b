import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { cmcLists, DEFAULT_CMC_LISTS } from '../../core/archive/cmc';
import { parseArchiveCredentials } from '../../core/archive/credentials';
import {
  type ArchiveProvider,
  isArchiveProvider,
} from '../../core/archive/types';
import { PipelineError } from '../../core/errors';
import { DEFAULT_TIMEZONE } from '../../core/providers/types';
import type { ArchiveJob } from '../shared/archive/run-archive';
import { ENV, optionalEnv, requireEnv } from '../shared/env';
import { readSecretString } from '../shared/secret-string';

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
