import { PipelineError } from '../errors';
import { isJson } from '../providers/read-json';
import type { ArchiveProvider } from './types';

/** blastengine API login (secret `{"loginId","apiKey"}`). */
export interface BlastengineCredentials {
  readonly loginId: string;
  readonly apiKey: string;
}

/** Mailgun private API key (secret: the key, or `{"apiKey"}`). */
export interface MailgunCredentials {
  readonly apiKey: string;
}

/** CMC API user and key (secret `{"apiUser","apiKey"}`). */
export interface CmcApiCredentials {
  readonly apiUser: string;
  readonly apiKey: string;
}

/** The credentials of each archiver. */
export interface ArchiveCredentials {
  readonly blastengine: BlastengineCredentials;
  readonly mailgun: MailgunCredentials;
  readonly cmc: CmcApiCredentials;
}

const FIELDS: { readonly [P in ArchiveProvider]: readonly string[] } = {
  blastengine: ['loginId', 'apiKey'],
  mailgun: ['apiKey'],
  cmc: ['apiUser', 'apiKey'],
};

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJson(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Reads an archiver secret. Errors name the missing fields, never a value.
 * A Mailgun secret may also be the bare key.
 * @example parseArchiveCredentials('cmc', '{"apiUser":"u","apiKey":"k"}')
 */
export function parseArchiveCredentials<P extends ArchiveProvider>(
  provider: P,
  secret: string,
): ArchiveCredentials[P] {
  const parsed = parseObject(secret);
  const fields = FIELDS[provider];
  if (provider === 'mailgun' && parsed === null && secret.trim() !== '') {
    return { apiKey: secret.trim() } as ArchiveCredentials[P];
  }
  const missing = fields.filter((f) => {
    const v = parsed?.[f];
    return typeof v !== 'string' || v.trim() === '';
  });
  if (missing.length > 0) {
    throw new PipelineError(
      `${provider} archiver secret needs JSON string fields ${fields.join(', ')} (missing: ${missing.join(', ')})`,
      'missing-credentials',
    );
  }
  return Object.fromEntries(
    fields.map((f) => [f, String(parsed![f]).trim()]),
  ) as unknown as ArchiveCredentials[P];
}
