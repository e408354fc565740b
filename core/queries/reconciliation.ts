import type { ArchiveProvider } from '../archive/types';
import type { EventType } from '../schema';
import { isoTimestamp, mapValue, param, type SqlDialect } from './dialect';
import type { NamedQuery, QueryTables } from './named-queries';

/**
 * Event types that both a provider's webhooks and its archive report; only
 * these count in the ledger. blastengine's webhook reports bounces only, and
 * its mail log keeps the latest status per mail, so a soft error that later
 * succeeded is gone from the log: only hard errors and drops compare. CMC
 * blocks need the Pro plan and are not archived by default; Mailgun
 * `rejected` and `stored` have no webhook.
 */
export const RECONCILED_TYPES: Readonly<
  Record<ArchiveProvider, readonly EventType[]>
> = {
  mailgun: [
    'accepted',
    'delivered',
    'deferred',
    'bounced',
    'dropped',
    'complained',
    'opened',
    'clicked',
    'unsubscribed',
  ],
  blastengine: ['bounced', 'dropped'],
  cmc: ['accepted', 'delivered', 'deferred', 'bounced', 'dropped'],
};

/**
 * How far apart (seconds) a webhook and an archive copy of one event may be
 * when their event_ids differ and they are matched on message, recipient and
 * type instead (blastengine: the webhook's `datetime` and the log's
 * `updated_time` are not the same clock reading).
 */
export const MATCH_TOLERANCE_SECONDS = 600;

/** The tag that stands in for a message id where the provider has none. */
const MESSAGE_KEY_TAG = 'delivery_id';

function reconciledFilter(): string {
  return Object.entries(RECONCILED_TYPES)
    .map(
      ([provider, types]) =>
        `(e.provider = '${provider}' AND e.event_type IN (${types.map((t) => `'${t}'`).join(', ')}))`,
    )
    .join('\n      OR ');
}

/**
 * The shared CTEs: `span` (the requested days, and one more on each side so
 * a match across midnight is found), `sides` (distinct events per side),
 * `flagged` (each event of the requested days, `missed` when the other side
 * has no copy) and `reach` (the last day each archive has reached).
 */
function ledgerCtes(dialect: SqlDialect, t: QueryTables): string[] {
  const ts = (expr: string) => isoTimestamp(dialect, expr);
  const shift = (expr: string, sign: '+' | '-') =>
    `CAST(CAST(CAST(${expr} AS DATE) ${sign} INTERVAL '1' DAY AS DATE) AS VARCHAR)`;
  const pairColumns = (a: string, w: string) =>
    `SELECT ${a}.provider, ${a}.dt AS a_dt, ${a}.event_id AS a_id, ${w}.dt AS w_dt, ${w}.event_id AS w_id`;
  return [
    'WITH bounds AS (',
    `  SELECT CAST(${param(dialect, 'from_dt')} AS VARCHAR) AS from_dt,`,
    `    CAST(${param(dialect, 'to_dt')} AS VARCHAR) AS to_dt`,
    '), span AS (',
    '  SELECT from_dt, to_dt,',
    `    ${shift('from_dt', '-')} AS scan_from,`,
    `    ${shift('to_dt', '+')} AS scan_to`,
    '  FROM bounds',
    '), tagged AS (',
    '  SELECT e.provider, e.dt, e.event_id, e.event_type, e.recipient, e.occurred_at,',
    "    CASE WHEN e.source = 'archive' THEN 'archive' ELSE 'webhook' END AS side,",
    `    COALESCE(e.message_id, ${mapValue(dialect, 'e.tags', MESSAGE_KEY_TAG)}) AS message_key`,
    `  FROM ${t.events} AS e CROSS JOIN span`,
    '  WHERE e.dt BETWEEN span.scan_from AND span.scan_to',
    `    AND (${reconciledFilter()})`,
    '), sides AS (',
    '  SELECT provider, dt, event_id, side, MIN(event_type) AS event_type,',
    '    MIN(recipient) AS recipient, MIN(message_key) AS message_key,',
    '    MIN(occurred_at) AS occurred_at',
    '  FROM tagged',
    '  GROUP BY provider, dt, event_id, side',
    '), pairs AS (',
    `  ${pairColumns('a', 'w')}`,
    "  FROM sides AS a JOIN sides AS w ON a.side = 'archive' AND w.side = 'webhook'",
    '    AND w.provider = a.provider AND w.event_id = a.event_id',
    '  UNION',
    `  ${pairColumns('a', 'w')}`,
    "  FROM sides AS a JOIN sides AS w ON a.side = 'archive' AND w.side = 'webhook'",
    '    AND w.provider = a.provider AND w.message_key = a.message_key',
    '    AND w.recipient = a.recipient AND w.event_type = a.event_type',
    `  WHERE abs(date_diff('second', ${ts('a.occurred_at')}, ${ts('w.occurred_at')}))`,
    `    <= ${MATCH_TOLERANCE_SECONDS}`,
    '), matched AS (',
    "  SELECT provider, a_dt AS dt, a_id AS event_id, 'archive' AS side FROM pairs",
    '  UNION',
    "  SELECT provider, w_dt AS dt, w_id AS event_id, 'webhook' AS side FROM pairs",
    '), flagged AS (',
    '  SELECT s.provider, s.dt, s.event_id, s.side, s.event_type, s.recipient,',
    '    s.occurred_at, m.event_id IS NULL AS missed',
    '  FROM sides AS s',
    '  CROSS JOIN span',
    '  LEFT JOIN matched AS m ON m.provider = s.provider AND m.dt = s.dt',
    '    AND m.event_id = s.event_id AND m.side = s.side',
    '  WHERE s.dt BETWEEN span.from_dt AND span.to_dt',
    '), reach AS (',
    '  SELECT e.provider, MAX(e.dt) AS last_archive_dt',
    `  FROM ${t.events} AS e CROSS JOIN span`,
    "  WHERE e.dt >= span.from_dt AND e.source = 'archive'",
    '  GROUP BY e.provider',
    ')',
  ];
}

/**
 * The reconciliation ledger: one row per provider and event day with
 * webhook_events, archive_events, only_in_archive, only_in_webhook and
 * coverage. Parameters `from_dt` and `to_dt` (YYYY-MM-DD, both inclusive).
 * Reads the raw events table: events_dedup keeps one copy per event_id, so
 * it cannot tell which side delivered it.
 */
export const reconciliationQuery: NamedQuery = {
  name: 'reconciliation',
  description:
    'Per provider and event day (parameters from_dt, to_dt as YYYY-MM-DD): ' +
    'distinct events from webhooks and from archives, the events only one ' +
    'side has, and whether the archive has covered the day yet. Only event ' +
    'types both sides report count.',
  params: ['from_dt', 'to_dt'],
  sql: (dialect, t) =>
    [
      ...ledgerCtes(dialect, t),
      'SELECT f.provider, f.dt,',
      "  COUNT(CASE WHEN f.side = 'webhook' THEN 1 END) AS webhook_events,",
      "  COUNT(CASE WHEN f.side = 'archive' THEN 1 END) AS archive_events,",
      "  COUNT(CASE WHEN f.side = 'archive' AND f.missed THEN 1 END) AS only_in_archive,",
      "  COUNT(CASE WHEN f.side = 'webhook' AND f.missed THEN 1 END) AS only_in_webhook,",
      '  COALESCE(MAX(r.last_archive_dt) > f.dt, false) AS coverage',
      'FROM flagged AS f',
      'LEFT JOIN reach AS r ON r.provider = f.provider',
      'GROUP BY f.provider, f.dt',
      'ORDER BY f.provider, f.dt',
    ].join('\n'),
};

/**
 * The events behind the ledger's only_in_archive and only_in_webhook
 * counts, one row each, with the same parameters.
 */
export function reconciliationDetailsSql(
  dialect: SqlDialect,
  t: QueryTables,
): string {
  return [
    ...ledgerCtes(dialect, t),
    'SELECT provider, dt,',
    "  CASE WHEN side = 'archive' THEN 'only_in_archive' ELSE 'only_in_webhook' END AS missing,",
    '  event_id, event_type, recipient, occurred_at',
    'FROM flagged',
    'WHERE missed',
    'ORDER BY provider, dt, missing, occurred_at, event_id',
  ].join('\n');
}
