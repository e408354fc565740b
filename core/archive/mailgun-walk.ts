import { MalformedPayloadError } from '../errors';
import { isJson, type Json, requireJson } from '../providers/read-json';
import * as z from '../zod';
import { parseCursor } from './cursor';
import { addDays, datesBetween, maxDate, minDate, utcDate } from './dates';
import type { ArchiveWindow } from './types';

/**
 * A page is final only when its last event is older than this: events reach
 * storage out of order (docs/providers.md §2.3, the documented polling recipe).
 */
export const MAILGUN_FINAL_AGE_S = 30 * 60;
/** A first scheduled run reads back this far (the longest retention, §2.3). */
export const MAILGUN_INITIAL_LOOKBACK_S = 30 * 86_400;
/** Hourly stats are kept 2 months (§2.4). */
export const MAILGUN_STATS_RETENTION_DAYS = 60;

const WalkSchema = z.object({
  begin: z.int(),
  end: z.int(),
  /** Pages written so far. */
  page: z.int().check(z.gte(0)),
  /** paging.next of the last written page. */
  next: z.nullable(z.string()),
  /** Timestamp of the last written event. */
  lastTs: z.nullable(z.number()),
});

/** An events walk over one [begin, end] window. */
export type EventsWalk = z.infer<typeof WalkSchema>;

/** Persistent state of the archiver of one Mailgun domain. */
export const MailgunCursorSchema = z.object({
  version: z.literal(1),
  /** Where the next window begins (epoch seconds). */
  begin: z.nullable(z.int()),
  walk: z.nullable(WalkSchema),
  /** First UTC day whose stats are (re-)read. */
  statsFrom: z.nullable(z.string()),
  /** UTC day of the last complete suppression snapshot. */
  suppressionsDay: z.nullable(z.string()),
});

/** Persistent state of the archiver of one Mailgun domain. */
export type MailgunCursor = z.infer<typeof MailgunCursorSchema>;

/** The cursor before the first run. */
export const INITIAL_MAILGUN_CURSOR: MailgunCursor = {
  version: 1,
  begin: null,
  walk: null,
  statsFrom: null,
  suppressionsDay: null,
};

/** A stored Mailgun cursor, or the initial one when there is none. */
export function parseMailgunCursor(value: unknown, id: string): MailgunCursor {
  return parseCursor(MailgunCursorSchema, value, INITIAL_MAILGUN_CURSOR, id);
}

/** A Mailgun list page `{items, paging: {next}}` (events, suppressions). */
export interface MailgunPage {
  readonly items: readonly Json[];
  readonly next: string | null;
}

/** Reads `{items: [...], paging: {next}}` (§2.3). */
export function readMailgunPage(json: unknown): MailgunPage {
  const body = requireJson(json, 'mailgun page');
  if (!Array.isArray(body.items) || !body.items.every(isJson)) {
    throw new MalformedPayloadError('mailgun page items must be objects');
  }
  const paging = isJson(body.paging) ? body.paging : {};
  const next = typeof paging.next === 'string' ? paging.next : null;
  return { items: body.items, next };
}

const epochOf = (date: string): number =>
  Date.parse(`${date}T00:00:00Z`) / 1000;

/**
 * The window of a new walk: from the cursor (or the lookback, or the
 * backfill's first day) to now (or the day after the backfill's last);
 * null when it would be empty.
 */
export function startEventsWalk(
  cursor: MailgunCursor,
  nowSec: number,
  window?: ArchiveWindow,
): EventsWalk | null {
  const now = Math.floor(nowSec);
  const begin =
    cursor.begin ??
    (window ? epochOf(window.since) : now - MAILGUN_INITIAL_LOOKBACK_S);
  const end = window ? Math.min(epochOf(addDays(window.until, 1)), now) : now;
  if (begin >= end) return null;
  return { begin, end, page: 0, next: null, lastTs: null };
}

/** How a fetched events page is treated. */
export type EventsPageVerdict = 'empty' | 'not-final' | 'final';

/**
 * 'final' when the page's last event is older than now − 30 min; else
 * 'not-final': it is neither written nor passed, and is re-read next run.
 */
export function classifyEventsPage(
  items: readonly Json[],
  nowSec: number,
): EventsPageVerdict {
  const last = items[items.length - 1];
  if (last === undefined) return 'empty';
  const ts = Number(last.timestamp);
  if (!Number.isFinite(ts)) {
    throw new MalformedPayloadError('mailgun event timestamp is not a number');
  }
  return ts > nowSec - MAILGUN_FINAL_AGE_S ? 'not-final' : 'final';
}

/**
 * The walk after a final page was written. A page whose `next` is missing
 * or unchanged ends the walk (next null), so a stuck cursor cannot loop.
 */
export function advanceEventsWalk(
  walk: EventsWalk,
  page: MailgunPage,
): EventsWalk {
  const last = page.items[page.items.length - 1];
  const next = page.next === walk.next ? null : page.next;
  return {
    ...walk,
    page: walk.page + 1,
    next,
    lastTs: last === undefined ? walk.lastTs : Number(last.timestamp),
  };
}

/**
 * Ends a walk. After a non-final page the next window begins at the last
 * written event (re-read, deduplicated by event_id); after the end of the
 * data it begins 30 min before the window's end, where late events may
 * still arrive, or at the last event if that is later.
 */
export function closeEventsWalk(
  cursor: MailgunCursor,
  walk: EventsWalk,
  verdict: Exclude<EventsPageVerdict, 'final'>,
): MailgunCursor {
  const last = Math.floor(walk.lastTs ?? walk.begin);
  const begin =
    verdict === 'not-final'
      ? last
      : Math.max(last, walk.end - MAILGUN_FINAL_AGE_S);
  return { ...cursor, begin, walk: null };
}

/**
 * UTC days whose hourly stats to (re-)read: from the cursor (or the
 * backfill's first day, or two months back) to today, never older than
 * the two months Mailgun keeps.
 */
export function statsDays(
  cursor: MailgunCursor,
  nowMs: number,
  window?: ArchiveWindow,
): string[] {
  const today = utcDate(nowMs);
  const oldest = addDays(today, -MAILGUN_STATS_RETENTION_DAYS);
  const from = maxDate(oldest, cursor.statsFrom ?? window?.since ?? oldest);
  const to = minDate(today, window?.until ?? today);
  return datesBetween(from, to);
}

/**
 * The cursor after `day`'s stats are stored: the next run starts the day
 * after, but never later than yesterday, whose counts may still grow.
 */
export function afterStatsDay(
  cursor: MailgunCursor,
  day: string,
  nowMs: number,
): MailgunCursor {
  const yesterday = addDays(utcDate(nowMs), -1);
  return { ...cursor, statsFrom: minDate(addDays(day, 1), yesterday) };
}
