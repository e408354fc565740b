import { isoTimestamp, param, type SqlDialect, unnestMap } from './dialect';
import { SINCE_PARAM } from './window';

/** Tables a named query reads: the raw events table and the dedup view. */
export interface QueryTables {
  readonly events: string;
  readonly dedup: string;
}

/**
 * A saved query that runs unchanged in Athena (CfnNamedQuery) and in
 * `mailtrail query` (DuckDB). `params` lists placeholders in positional order
 * (Athena's ExecutionParameters follow it).
 */
export interface NamedQuery {
  readonly name: string;
  readonly description: string;
  readonly params?: readonly string[];
  sql(dialect: SqlDialect, tables: QueryTables): string;
}

/** `dt >= <since>`: the window of a time-bounded query, pruning partitions. */
const fromSince = (dialect: SqlDialect, column = 'dt'): string =>
  `${column} >= ${param(dialect, SINCE_PARAM)}`;

/** The parameter list of a query bounded by the window alone. */
const WINDOWED = [SINCE_PARAM] as const;

const TERMINAL = ['delivered', 'bounced', 'dropped', 'rejected'];

/** A SQL `IN` list of string literals (known identifiers only). */
const inList = (values: readonly string[]): string =>
  `(${values.map((v) => `'${v}'`).join(', ')})`;

const dailyRates: NamedQuery = {
  name: 'daily-rates',
  description:
    "Per day, provider and sending domain from 'since' (YYYY-MM-DD) on: " +
    'accepted, delivered, ' +
    'hard bounces, complaints, bounce rate (hard bounces / accepted) and ' +
    'complaint rate (complaints / delivered).',
  params: WINDOWED,
  sql: (dialect, t) =>
    [
      'WITH daily AS (',
      '  SELECT dt AS day, provider, from_domain AS sending_domain,',
      "    COUNT(CASE WHEN event_type = 'accepted' THEN 1 END) AS accepted,",
      "    COUNT(CASE WHEN event_type = 'delivered' THEN 1 END) AS delivered,",
      "    COUNT(CASE WHEN event_type = 'bounced' AND bounce_type = 'hard' THEN 1 END) AS hard_bounces,",
      "    COUNT(CASE WHEN event_type = 'complained' THEN 1 END) AS complaints",
      `  FROM ${t.dedup}`,
      `  WHERE ${fromSince(dialect)}`,
      '  GROUP BY dt, provider, from_domain',
      ')',
      'SELECT day, provider, sending_domain, accepted, delivered, hard_bounces, complaints,',
      '  CAST(hard_bounces AS DOUBLE) / NULLIF(accepted, 0) AS bounce_rate,',
      '  CAST(complaints AS DOUBLE) / NULLIF(delivered, 0) AS complaint_rate',
      'FROM daily',
      'ORDER BY day, provider, sending_domain NULLS LAST',
    ].join('\n'),
};

const topBounceReasons: NamedQuery = {
  name: 'top-bounce-reasons',
  description:
    "Bounced and dropped events from 'since' on by enhanced SMTP status, " +
    'with event and recipient counts and a sample diagnostic.',
  params: WINDOWED,
  sql: (dialect, t) =>
    [
      'SELECT smtp_status, COUNT(*) AS events,',
      '  COUNT(DISTINCT recipient) AS recipients,',
      '  MIN(diagnostic) AS sample_diagnostic',
      `FROM ${t.dedup}`,
      "WHERE event_type IN ('bounced', 'dropped')",
      `  AND ${fromSince(dialect)}`,
      'GROUP BY smtp_status',
      'ORDER BY events DESC, smtp_status NULLS LAST',
      'LIMIT 100',
    ].join('\n'),
};

const recipientTimeline: NamedQuery = {
  name: 'recipient-timeline',
  description:
    "Every event of one recipient, oldest first (parameter 'recipient'; " +
    'scans all partitions).',
  params: ['recipient'],
  sql: (dialect, t) =>
    [
      'SELECT occurred_at, provider, event_type, bounce_type, smtp_code,',
      '  smtp_status, diagnostic, message_id, sender, subject, provider_event',
      `FROM ${t.dedup}`,
      `WHERE recipient = lower(${param(dialect, 'recipient')})`,
      'ORDER BY occurred_at, event_id',
    ].join('\n'),
};

const deferrals: NamedQuery = {
  name: 'deferrals',
  description:
    "Deferred mail from 'since' on, per provider, message and recipient (events " +
    'without a message id, e.g. blastengine, per recipient): deferral count, ' +
    'first deferral, final outcome and seconds from first deferral to it ' +
    '(NULL while still pending).',
  params: WINDOWED,
  sql: (dialect, t) =>
    [
      // One scan; an outcome follows its first deferral, so the window holds it.
      'WITH windowed AS (',
      '  SELECT provider, message_id, recipient, event_type, occurred_at',
      `  FROM ${t.dedup}`,
      `  WHERE ${fromSince(dialect)}`,
      `    AND event_type IN ${inList(['deferred', ...TERMINAL])}`,
      '), deferred AS (',
      '  SELECT provider, message_id, recipient, COUNT(*) AS deferrals,',
      '    MIN(occurred_at) AS first_deferred_at',
      '  FROM windowed',
      "  WHERE event_type = 'deferred'",
      '  GROUP BY provider, message_id, recipient',
      '), outcome AS (',
      '  SELECT provider, message_id, recipient, event_type, occurred_at,',
      '    ROW_NUMBER() OVER (PARTITION BY provider, message_id, recipient',
      '      ORDER BY occurred_at DESC) AS rn',
      '  FROM windowed',
      `  WHERE event_type IN ${inList(TERMINAL)}`,
      ')',
      'SELECT d.provider, d.message_id, d.recipient, d.deferrals,',
      '  d.first_deferred_at, o.event_type AS final_outcome,',
      '  o.occurred_at AS final_at,',
      "  date_diff('second',",
      `    ${isoTimestamp(dialect, 'd.first_deferred_at')},`,
      `    ${isoTimestamp(dialect, 'o.occurred_at')}) AS seconds_to_outcome`,
      'FROM deferred AS d',
      'LEFT JOIN outcome AS o ON o.provider = d.provider',
      // A missing message id (blastengine) matches a missing one.
      '  AND o.message_id IS NOT DISTINCT FROM d.message_id',
      '  AND o.recipient = d.recipient AND o.rn = 1',
      '  AND o.occurred_at >= d.first_deferred_at',
      'ORDER BY d.first_deferred_at, d.provider, d.message_id NULLS LAST,',
      '  d.recipient',
    ].join('\n'),
};

const complaintsByTag: NamedQuery = {
  name: 'complaints-by-tag',
  description:
    "Complaints from 'since' on per tag key and value (SES tags, Mailgun " +
    'tags and variables, CMC apiData), with distinct recipients.',
  params: WINDOWED,
  sql: (dialect, t) =>
    [
      'SELECT tag.tag_key, tag.tag_value, COUNT(*) AS complaints,',
      '  COUNT(DISTINCT e.recipient) AS recipients',
      `FROM ${t.dedup} AS e`,
      unnestMap(dialect, 'e.tags', 'tag', 'tag_key', 'tag_value'),
      "WHERE e.event_type = 'complained'",
      `  AND ${fromSince(dialect, 'e.dt')}`,
      'GROUP BY tag.tag_key, tag.tag_value',
      'ORDER BY complaints DESC, tag.tag_key, tag.tag_value',
    ].join('\n'),
};

/** Every named query, in the order `mailtrail query --list` shows them. */
export const NAMED_QUERIES: readonly NamedQuery[] = [
  dailyRates,
  topBounceReasons,
  recipientTimeline,
  deferrals,
  complaintsByTag,
];

/** The named query called `name`, or undefined. */
export function findNamedQuery(name: string): NamedQuery | undefined {
  return NAMED_QUERIES.find((q) => q.name === name);
}
