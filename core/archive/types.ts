/** Providers with a scheduled log archiver (SES publishes events itself). */
export type ArchiveProvider = 'blastengine' | 'mailgun' | 'cmc';

/** Every archivable provider, in a fixed order. */
export const ARCHIVE_PROVIDERS: readonly ArchiveProvider[] = [
  'blastengine',
  'mailgun',
  'cmc',
];

/** True when `value` names an archivable provider. */
export function isArchiveProvider(value: unknown): value is ArchiveProvider {
  return ARCHIVE_PROVIDERS.includes(value as ArchiveProvider);
}

/** One HTTP request to a provider API, fully planned (URL, auth, body). */
export interface HttpRequestSpec {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Request body (JSON text); absent for GET. */
  readonly body?: string;
}

/**
 * A backfill window of whole UTC (CMC: provider-local) days, both ends
 * inclusive, `YYYY-MM-DD`. Scheduled runs have none.
 */
export interface ArchiveWindow {
  readonly since: string;
  readonly until: string;
}

/** Prefix of every archive object in the lake bucket (docs/design.md). */
export const ARCHIVE_PREFIX = 'archive/';

/**
 * The cursor id of an archiver run: `<provider>` or `mailgun-<domain>` for
 * scheduled runs; backfills get their own `backfill/…-<since>-<until>` id so
 * they resume independently and never move the scheduled cursor.
 * @example cursorId('mailgun', 'mg.example.com') // 'mailgun-mg.example.com'
 */
export function cursorId(
  provider: ArchiveProvider,
  scope?: string,
  window?: ArchiveWindow,
): string {
  const base = scope ? `${provider}-${scope}` : provider;
  return window ? `backfill/${base}-${window.since}-${window.until}` : base;
}

/** S3 key of a cursor object: `archive/_cursors/<id>.json`. */
export function cursorKey(id: string): string {
  return `${ARCHIVE_PREFIX}_cursors/${id}.json`;
}

/**
 * Body of a cursor object, the same in S3 and in a local lake: indented
 * JSON and a final newline, so a person can read and fix it.
 */
export function cursorBody(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
