import type { HttpRequestSpec } from './types';

/** API hosts per Mailgun region (docs/providers.md §2.3). */
export const MAILGUN_BASE_URLS = {
  us: 'https://api.mailgun.net',
  eu: 'https://api.eu.mailgun.net',
} as const;

/** Largest events page Mailgun serves (§2.3). */
export const MAILGUN_EVENTS_LIMIT = 300;
/** Page size for suppression lists. */
export const MAILGUN_SUPPRESSION_LIMIT = 1000;

/** The events the stats snapshot asks for (the Datadog integration's set). */
export const MAILGUN_STATS_EVENTS = [
  'accepted',
  'delivered',
  'failed',
  'opened',
  'clicked',
  'unsubscribed',
  'complained',
  'stored',
] as const;

/** Suppression lists snapshotted daily. */
export const MAILGUN_SUPPRESSION_LISTS = [
  'bounces',
  'complaints',
  'unsubscribes',
] as const;

/** One Mailgun suppression list. */
export type MailgunSuppressionList = (typeof MAILGUN_SUPPRESSION_LISTS)[number];

/** HTTP Basic with user `api` and the API key as password (§2.3). */
export function mailgunAuthorization(apiKey: string): string {
  return `Basic ${Buffer.from(`api:${apiKey}`, 'utf8').toString('base64')}`;
}

function get(url: string, apiKey: string): HttpRequestSpec {
  return {
    method: 'GET',
    url,
    headers: {
      Authorization: mailgunAuthorization(apiKey),
      Accept: 'application/json',
    },
  };
}

const domainPath = (baseUrl: string, domain: string): string =>
  `${baseUrl}/v3/${encodeURIComponent(domain)}`;

/**
 * The first events page of a window, ascending (required without `end`
 * and what the polling recipe uses, §2.3), begin and end in epoch seconds.
 */
export function mailgunEventsRequest(
  baseUrl: string,
  domain: string,
  apiKey: string,
  window: { readonly begin: number; readonly end: number },
): HttpRequestSpec {
  const query = new URLSearchParams({
    begin: String(window.begin),
    end: String(window.end),
    ascending: 'yes',
    limit: String(MAILGUN_EVENTS_LIMIT),
  });
  return get(`${domainPath(baseUrl, domain)}/events?${query}`, apiKey);
}

/**
 * A `paging.next` URL, re-based on the configured API origin: the API key
 * is only ever sent to the host it was configured for.
 */
export function mailgunPageRequest(
  baseUrl: string,
  next: string,
  apiKey: string,
): HttpRequestSpec {
  const url = new URL(next, baseUrl);
  return get(`${new URL(baseUrl).origin}${url.pathname}${url.search}`, apiKey);
}

/** Hourly totals of one UTC day (hourly data is kept 2 months, §2.4). */
export function mailgunStatsRequest(
  baseUrl: string,
  domain: string,
  apiKey: string,
  day: string,
): HttpRequestSpec {
  const start = Date.parse(`${day}T00:00:00Z`) / 1000;
  const query = new URLSearchParams(
    MAILGUN_STATS_EVENTS.map((e): [string, string] => ['event', e]),
  );
  query.set('start', String(start));
  query.set('end', String(start + 86_400));
  query.set('resolution', 'hour');
  return get(`${domainPath(baseUrl, domain)}/stats/total?${query}`, apiKey);
}

/** The first page of a suppression list. */
export function mailgunSuppressionRequest(
  baseUrl: string,
  domain: string,
  apiKey: string,
  list: MailgunSuppressionList,
): HttpRequestSpec {
  const query = new URLSearchParams({
    limit: String(MAILGUN_SUPPRESSION_LIMIT),
  });
  return get(`${domainPath(baseUrl, domain)}/${list}?${query}`, apiKey);
}

/**
 * Key of an events page: the walk's window and page number, so a resumed
 * walk rewrites the same keys.
 * @example mailgunEventsKey('mg.example.com', 1773446400, 1773450000, 1) // 'archive/mailgun/mg.example.com/events/dt=2026-03-14/1773446400-1773450000-p0001.json.gz'
 */
export function mailgunEventsKey(
  domain: string,
  begin: number,
  end: number,
  page: number,
): string {
  const dt = new Date(begin * 1000).toISOString().slice(0, 10);
  const p = String(page).padStart(4, '0');
  return `archive/mailgun/${domain}/events/dt=${dt}/${begin}-${end}-p${p}.json.gz`;
}

/** Key of one UTC day of hourly stats; re-fetched days overwrite it. */
export function mailgunStatsKey(domain: string, day: string): string {
  return `archive/mailgun/${domain}/stats/dt=${day}.json.gz`;
}

/** Key of one day's snapshot of a suppression list. */
export function mailgunSuppressionKey(
  domain: string,
  list: MailgunSuppressionList,
  day: string,
): string {
  return `archive/mailgun/${domain}/suppressions/${list}/${day}.json.gz`;
}
