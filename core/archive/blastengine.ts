import { createHash } from 'node:crypto';
import type { ArchiveWindow, HttpRequestSpec } from './types';

/** blastengine REST API base URL (docs/providers.md §3.2). */
export const BLASTENGINE_BASE_URL = 'https://app.engn.jp/api/v1';

/** Largest `count` GET /logs/mails/results accepts (1–1000, §3.2). */
export const BLASTENGINE_LOG_PAGE_SIZE = 1000;

/** Page size of GET /deliveries (1–1000, default 100, §3.2). */
export const BLASTENGINE_DELIVERY_PAGE_SIZE = 100;

/**
 * The Bearer token: Base64 of the lowercase hex SHA-256 of loginId + apiKey
 * — the 64-character hex *string*, not the raw digest (docs/providers.md §3.2).
 * @example blastengineToken('login', 'key')
 */
export function blastengineToken(loginId: string, apiKey: string): string {
  const hex = createHash('sha256').update(`${loginId}${apiKey}`).digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

function get(
  baseUrl: string,
  token: string,
  path: string,
  query?: URLSearchParams,
): HttpRequestSpec {
  const qs = query && query.size > 0 ? `?${query}` : '';
  return {
    method: 'GET',
    url: `${baseUrl}${path}${qs}`,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'Accept-Language': 'en-US',
    },
  };
}

/** Filters and position of one GET /logs/mails/results page. */
export interface LogPageQuery {
  /** Only logs with a smaller maillog_id (§3.2); absent for the newest page. */
  readonly anchor?: number;
  readonly count: number;
  /** ISO 8601 with offset, inclusive (§3.2). */
  readonly deliveryStart?: string;
  readonly deliveryEnd: string;
}

/** GET /logs/mails/results for one page, newest first below `anchor`. */
export function blastengineLogsRequest(
  baseUrl: string,
  token: string,
  q: LogPageQuery,
): HttpRequestSpec {
  const query = new URLSearchParams();
  if (q.anchor !== undefined) query.set('anchor', String(q.anchor));
  query.set('count', String(q.count));
  if (q.deliveryStart) query.set('delivery_start', q.deliveryStart);
  query.set('delivery_end', q.deliveryEnd);
  return get(baseUrl, token, '/logs/mails/results', query);
}

/** GET /logs/mails/{maillog_id}: one log in detail (§3.2, shape ❓). */
export function blastengineDetailRequest(
  baseUrl: string,
  token: string,
  maillogId: number,
): HttpRequestSpec {
  return get(baseUrl, token, `/logs/mails/${maillogId}`);
}

/**
 * GET /deliveries: finished (SENT) BULK deliveries, most recently updated
 * first. Transaction mail gets one delivery per message, so reports are
 * limited to bulk deliveries.
 */
export function blastengineDeliveriesRequest(
  baseUrl: string,
  token: string,
  page: number,
): HttpRequestSpec {
  const query = new URLSearchParams([
    ['delivery_type[]', 'BULK'],
    ['status[]', 'SENT'],
    ['sort', 'updated_time:desc'],
    ['size', String(BLASTENGINE_DELIVERY_PAGE_SIZE)],
    ['page', String(page)],
  ]);
  return get(baseUrl, token, '/deliveries', query);
}

/** POST /deliveries/{id}/analysis/report: starts a report job (§3.2). */
export function blastengineReportCreateRequest(
  baseUrl: string,
  token: string,
  deliveryId: number,
): HttpRequestSpec {
  const spec = get(baseUrl, token, `/deliveries/${deliveryId}/analysis/report`);
  return {
    ...spec,
    method: 'POST',
    headers: { ...spec.headers, 'Content-Type': 'application/json' },
    body: '{}',
  };
}

/** GET /deliveries/-/analysis/report/{job_id}: job progress (§3.2). */
export function blastengineReportStatusRequest(
  baseUrl: string,
  token: string,
  jobId: number,
): HttpRequestSpec {
  return get(baseUrl, token, `/deliveries/-/analysis/report/${jobId}`);
}

/** GET …/report/{job_id}/download: the finished report, a zip (§3.2). */
export function blastengineReportDownloadRequest(
  baseUrl: string,
  token: string,
  jobId: number,
): HttpRequestSpec {
  const spec = get(
    baseUrl,
    token,
    `/deliveries/-/analysis/report/${jobId}/download`,
  );
  return { ...spec, headers: { ...spec.headers, Accept: 'application/zip' } };
}

/**
 * Rows younger than this are left for a later run: blastengine retries a
 * SOFTERROR for up to 24 h (docs/providers.md §3.1 ⚠️), so a row's status is
 * only final a day after delivery.
 */
export const BLASTENGINE_SETTLE_MS = 24 * 3_600_000;

/** `YYYY-MM-DDTHH:MM:SS+00:00`: ISO 8601 with an explicit offset (§3.2). */
function isoWithOffset(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** delivery_start / delivery_end of a log walk (both inclusive, §3.2). */
export interface LogWindow {
  readonly deliveryStart?: string;
  readonly deliveryEnd: string;
}

/**
 * The delivery window of a walk: up to now − 24 h (settled rows only),
 * within the backfill window when there is one; null when nothing is due.
 */
export function blastengineLogWindow(
  nowMs: number,
  window?: ArchiveWindow,
): LogWindow | null {
  const settled = nowMs - BLASTENGINE_SETTLE_MS;
  if (!window) return { deliveryEnd: isoWithOffset(settled) };
  const start = Date.parse(`${window.since}T00:00:00Z`);
  const end = Math.min(Date.parse(`${window.until}T23:59:59Z`), settled);
  if (start > end) return null;
  return {
    deliveryStart: isoWithOffset(start),
    deliveryEnd: isoWithOffset(end),
  };
}
