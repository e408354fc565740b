import type { ArchiveJob } from '../../app/archive/run-archive';
import { cmcLists, DEFAULT_CMC_LISTS } from '../../core/archive/cmc';
import { isIsoDate } from '../../core/archive/dates';
import {
  type ArchiveProvider,
  isArchiveProvider,
} from '../../core/archive/types';
import { assertTimeZone } from '../../core/time';
import { parseCliArgs } from '../args';
import {
  RECIPIENTS_OPTIONS,
  recipientKeySecret,
} from '../deployed-events-sink';
import { FORMAT_OPTION, type OutputFormat, parseFormat } from '../output';
import { CliUsageError } from '../types';

/** Environment variables holding each provider's API credentials. */
export const CREDENTIAL_ENV = {
  blastengine: {
    loginId: 'MAILTRAIL_BLASTENGINE_LOGIN_ID',
    apiKey: 'MAILTRAIL_BLASTENGINE_API_KEY',
  },
  mailgun: { apiKey: 'MAILTRAIL_MAILGUN_API_KEY' },
  cmc: { apiUser: 'MAILTRAIL_CMC_API_USER', apiKey: 'MAILTRAIL_CMC_API_KEY' },
} as const;

/** Where a backfill writes. */
export type BackfillTarget =
  | { readonly kind: 'lake'; readonly dir: string | undefined }
  | {
      readonly kind: 'bucket';
      readonly bucket: string;
      readonly eventsStream: string | undefined;
      readonly region: string | undefined;
      /** Recipient key secret when events are sent and the deployment hashes. */
      readonly keySecret: string | undefined;
    };

/** A parsed command line. */
export interface BackfillOptions {
  readonly job: ArchiveJob;
  readonly target: BackfillTarget;
  readonly format: OutputFormat;
}

function readCredentials(provider: ArchiveProvider, env: NodeJS.ProcessEnv) {
  const names: Record<string, string> = CREDENTIAL_ENV[provider];
  const missing = Object.values(names).filter((n) => !env[n]?.trim());
  if (missing.length > 0) {
    throw new CliUsageError(`set ${missing.join(' and ')} in the environment`);
  }
  return Object.fromEntries(
    Object.entries(names).map(([field, name]) => [field, env[name]!.trim()]),
  );
}

function parse(args: readonly string[]) {
  return parseCliArgs(args, {
    options: {
      ...FORMAT_OPTION,
      provider: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      lake: { type: 'string' },
      bucket: { type: 'string' },
      'events-stream': { type: 'string' },
      ...RECIPIENTS_OPTIONS,
      region: { type: 'string' },
      domain: { type: 'string', multiple: true },
      'mailgun-region': { type: 'string', default: 'us' },
      'server-composition': { type: 'string', default: 'pro' },
      timezone: { type: 'string', default: 'Asia/Tokyo' },
      lists: { type: 'string', default: DEFAULT_CMC_LISTS.join(',') },
      'base-url': { type: 'string' },
      'no-reports': { type: 'boolean', default: false },
    },
  }).values;
}

function window(since: string | undefined, until: string, today: string) {
  if (!since || !isIsoDate(since))
    throw new CliUsageError('--since YYYY-MM-DD is required');
  if (!isIsoDate(until)) throw new CliUsageError('--until must be YYYY-MM-DD');
  if (since > until)
    throw new CliUsageError('--since must not be after --until');
  if (since > today) throw new CliUsageError('--since is in the future');
  return { since, until };
}

/**
 * Parses `backfill` flags and credentials from the environment into the
 * job the scheduled archiver would run, for a window of whole days.
 */
export function parseBackfill(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  today: string,
): BackfillOptions {
  const v = parse(args);
  const provider = v.provider;
  if (!isArchiveProvider(provider)) {
    throw new CliUsageError('--provider must be blastengine, mailgun or cmc');
  }
  if (v.lake !== undefined && v.bucket !== undefined) {
    throw new CliUsageError('use --lake or --bucket, not both');
  }
  const format = parseFormat(v.format);
  const keySecret = recipientKeySecret(v, {
    flag: '--bucket with --events-stream',
    given: v.bucket !== undefined && v['events-stream'] !== undefined,
  });
  const base = {
    window: window(v.since, v.until ?? today, today),
    baseUrl: v['base-url'],
  };
  const target: BackfillTarget =
    v.bucket !== undefined
      ? {
          kind: 'bucket',
          bucket: v.bucket,
          eventsStream: v['events-stream'],
          region: v.region,
          keySecret,
        }
      : { kind: 'lake', dir: v.lake };
  const creds = readCredentials(provider, env);
  if (provider === 'blastengine') {
    const credentials = creds as { loginId: string; apiKey: string };
    return {
      format,
      target,
      job: { ...base, provider, credentials, reports: !v['no-reports'] },
    };
  }
  if (provider === 'mailgun') {
    const domains = v.domain ?? [];
    if (domains.length === 0)
      throw new CliUsageError('--domain is required for mailgun');
    const region = v['mailgun-region'];
    if (region !== 'us' && region !== 'eu')
      throw new CliUsageError('--mailgun-region must be us or eu');
    const credentials = creds as { apiKey: string };
    return {
      format,
      target,
      job: { ...base, provider, credentials, domains, region },
    };
  }
  try {
    assertTimeZone(v.timezone);
  } catch {
    throw new CliUsageError(`unknown timezone "${v.timezone}"`);
  }
  let lists: ReturnType<typeof cmcLists>;
  try {
    lists = cmcLists(v.lists.split(',').map((n) => n.trim()));
  } catch (err) {
    throw new CliUsageError(`--lists: ${(err as Error).message}`);
  }
  const credentials = creds as { apiUser: string; apiKey: string };
  return {
    format,
    target,
    job: {
      ...base,
      provider,
      credentials,
      serverComposition: v['server-composition'],
      timezone: v.timezone,
      lists,
    },
  };
}
