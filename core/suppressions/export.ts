import { csvText } from '../csv';
import { PSEUDONYM_PREFIX } from '../privacy';
import type { SuppressionReason } from './entry';
import type { SuppressionStatus } from './status';

/**
 * Where an export goes. SES takes every reason in one file; Mailgun keeps
 * three lists, each imported from its own CSV (docs/suppressions.md).
 */
export const EXPORT_TARGETS = [
  'ses',
  'mailgun-bounces',
  'mailgun-complaints',
  'mailgun-unsubscribes',
] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/**
 * SES's account-level list knows only BOUNCE and COMPLAINT; an unsubscribe
 * goes in as COMPLAINT, the reason that never expects mail again.
 */
const SES_REASON: Readonly<Record<SuppressionReason, string>> = {
  hard_bounce: 'BOUNCE',
  soft_bounces: 'BOUNCE',
  complaint: 'COMPLAINT',
  unsubscribe: 'COMPLAINT',
};

const MAILGUN_REASONS: Readonly<
  Record<Exclude<ExportTarget, 'ses'>, readonly SuppressionReason[]>
> = {
  'mailgun-bounces': ['hard_bounce', 'soft_bounces'],
  'mailgun-complaints': ['complaint'],
  'mailgun-unsubscribes': ['unsubscribe'],
};

/** Mailgun's import reads `created_at` as RFC 2822. */
export function rfc2822(iso: string): string {
  return new Date(iso).toUTCString().replace(/ GMT$/, ' +0000');
}

/** A bounce code Mailgun accepts: the event's 5xx reply, else 550. */
function bounceCode(status: SuppressionStatus): number {
  const code = status.smtp_code;
  return code !== null && code >= 500 && code <= 599 ? code : 550;
}

function mailgunCsv(
  target: Exclude<ExportTarget, 'ses'>,
  rows: readonly SuppressionStatus[],
): string {
  const mine = rows.filter((s) => MAILGUN_REASONS[target].includes(s.reason!));
  const at = (s: SuppressionStatus) => rfc2822(s.since!);
  if (target === 'mailgun-bounces') {
    return csvText(
      mine.map((s) => [s.address, bounceCode(s), s.diagnostic ?? '', at(s)]),
      ['address', 'code', 'error', 'created_at'],
    );
  }
  if (target === 'mailgun-complaints') {
    return csvText(
      mine.map((s) => [s.address, at(s)]),
      ['address', 'created_at'],
    );
  }
  return csvText(
    mine.map((s) => [s.address, '*', at(s)]),
    ['address', 'tags', 'created_at'],
  );
}

/** The CSV for a target and how many hashed addresses were left out. */
export interface SuppressionExport {
  readonly csv: string;
  /** Suppressed `hmac:…` entries: a provider cannot use a hashed address. */
  readonly skippedHashed: number;
}

/**
 * The suppressed addresses as a CSV a provider imports:
 * - `ses`: `address,BOUNCE|COMPLAINT` lines, no header (SES v2
 *   CreateImportJob, DataFormat CSV, and the console's bulk add);
 * - `mailgun-*`: the header and columns of Mailgun's bounces, complaints or
 *   unsubscribes import, rows of that reason only.
 * @example exportSuppressions(statuses, 'ses').csv // 'ada@example.com,BOUNCE\n'
 */
export function exportSuppressions(
  statuses: readonly SuppressionStatus[],
  target: ExportTarget,
): SuppressionExport {
  const suppressed = statuses.filter((s) => s.suppressed);
  const usable = suppressed.filter(
    (s) => !s.address.startsWith(PSEUDONYM_PREFIX),
  );
  const csv =
    target === 'ses'
      ? csvText(usable.map((s) => [s.address, SES_REASON[s.reason!]]))
      : mailgunCsv(target, usable);
  return { csv, skippedHashed: suppressed.length - usable.length };
}
