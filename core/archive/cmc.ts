import { MalformedPayloadError, PipelineError } from '../errors';
import { isJson, type Json, requireJson } from '../providers/read-json';
import * as z from '../zod';
import { CMC_LISTS, type CmcList, cmcListAfter } from './cmc-lists';
import { parseCursor } from './cursor';
import { addDays, datesBetween, minDate } from './dates';
import type { ArchiveWindow, HttpRequestSpec } from './types';

/** Transaction Email API v2 base URL (docs/providers.md §4.3). */
export const CMC_BASE_URL = 'https://api.smtps.jp/transaction/v2';
/** The lists and their validation, re-exported for the runner and CLI. */
export {
  CMC_LISTS,
  type CmcList,
  cmcLists,
  DEFAULT_CMC_LISTS,
} from './cmc-lists';
/** Rows per page; `r` is at most 100 for blocks (§4.3). */
export const CMC_PAGE_ROWS = 100;

/** CMC API credentials and the server configuration to read. */
export interface CmcCredentials {
  readonly apiUser: string;
  readonly apiKey: string;
  readonly serverComposition: string;
}

/**
 * POST {list}/list.json for one day and page. Credentials travel in the
 * JSON body (§4.3); blocks filter by start/end date, the others by `date`.
 * `p` starts at 0, the documented default for blocks (§4.3 ⚠️ for others).
 */
export function cmcListRequest(
  baseUrl: string,
  creds: CmcCredentials,
  list: CmcList,
  day: string,
  page: number,
): HttpRequestSpec {
  const dates =
    list === 'blocks' ? { start_date: day, end_date: day } : { date: day };
  const body = {
    api_user: creds.apiUser,
    api_key: creds.apiKey,
    server_composition: creds.serverComposition,
    ...dates,
    p: page,
    r: CMC_PAGE_ROWS,
  };
  return {
    method: 'POST',
    url: `${baseUrl}/${list}/list.json`,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Accept-Language': 'en',
    },
    body: JSON.stringify(body),
  };
}

/**
 * The rows of a list response `{<list>: [...]}`. CMC can answer 200 with
 * `{errors: [...]}` (its SDK checks this first), which is an error here.
 */
export function readCmcPage(json: unknown, list: CmcList): Json[] {
  const body = requireJson(json, `cmc ${list} response`);
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    throw new PipelineError(
      `cmc ${list}/list answered errors: ${JSON.stringify(body.errors).slice(0, 300)}`,
      'upstream',
    );
  }
  const rows = body[list] ?? [];
  if (!Array.isArray(rows) || !rows.every(isJson)) {
    throw new MalformedPayloadError(`cmc ${list} must be a list of objects`);
  }
  return rows;
}

/** Persistent state of the CMC archiver. */
export const CmcCursorSchema = z.object({
  version: z.literal(1),
  /** Last provider-local day whose configured lists are all stored. */
  lastDay: z.nullable(z.string()),
  /** Position inside the day being read. */
  walk: z.nullable(
    z.object({
      day: z.string(),
      list: z.enum(CMC_LISTS),
      page: z.int().check(z.gte(0)),
      /** Rows of the last written page, to spot an API ignoring `p`. */
      fingerprint: z.nullable(z.string()),
    }),
  ),
});

/** Persistent state of the CMC archiver. */
export type CmcCursor = z.infer<typeof CmcCursorSchema>;

/** The cursor before the first run. */
export const INITIAL_CMC_CURSOR: CmcCursor = {
  version: 1,
  lastDay: null,
  walk: null,
};

/** A stored CMC cursor, or the initial one when there is none. */
export function parseCmcCursor(value: unknown, id: string): CmcCursor {
  return parseCursor(CmcCursorSchema, value, INITIAL_CMC_CURSOR, id);
}

/**
 * Provider-local days still to read: the day after the cursor (first run:
 * yesterday; backfill: its first day) up to yesterday, never today: CMC
 * asks for at most one call a day and today is not over (§4.3).
 */
export function cmcDays(
  cursor: CmcCursor,
  today: string,
  window?: ArchiveWindow,
): string[] {
  const yesterday = addDays(today, -1);
  const resume =
    cursor.walk?.day ??
    (cursor.lastDay === null ? null : addDays(cursor.lastDay, 1));
  const from = resume ?? window?.since ?? yesterday;
  return datesBetween(from, minDate(yesterday, window?.until ?? yesterday));
}

/** A page of one list on one day. */
export interface CmcPosition {
  readonly day: string;
  readonly list: CmcList;
  readonly page: number;
}

/**
 * The cursor to read `day` from, given the configured `lists` (CMC order):
 * its saved walk on that day, else page 0 of the first list. A walk saved
 * on a list no longer configured moves to the next configured list after
 * it; when none is left the day is done (`walk` null, `lastDay` = day).
 */
export function resumeCmcDay(
  cursor: CmcCursor,
  day: string,
  lists: readonly CmcList[],
): CmcCursor {
  const walk = cursor.walk;
  if (walk?.day === day && lists.includes(walk.list)) return cursor;
  const list = walk?.day === day ? cmcListAfter(walk.list, lists) : lists[0];
  if (list === undefined) return { ...cursor, lastDay: day, walk: null };
  return { ...cursor, walk: { day, list, page: 0, fingerprint: null } };
}

/** Where a fetched page leaves the walk. */
export interface CmcPagePlan {
  /** Write this page (false for an empty or repeated page). */
  readonly write: boolean;
  /** The cursor once the page is written. */
  readonly cursor: CmcCursor;
}

/**
 * Plans one page: written unless empty or identical to the previous one (an
 * API ignoring `p` would otherwise loop); a short page ends the list; the
 * last of the configured `lists` ends the day and moves `lastDay`.
 */
export function planCmcPage(
  cursor: CmcCursor,
  position: CmcPosition,
  rows: readonly Json[],
  lists: readonly CmcList[],
): CmcPagePlan {
  const fingerprint = JSON.stringify(rows);
  const previous =
    cursor.walk?.day === position.day && cursor.walk.list === position.list
      ? cursor.walk.fingerprint
      : null;
  const repeated = rows.length > 0 && fingerprint === previous;
  const write = rows.length > 0 && !repeated;
  if (write && rows.length >= CMC_PAGE_ROWS) {
    const walk = { ...position, page: position.page + 1, fingerprint };
    return { write, cursor: { ...cursor, walk } };
  }
  const nextList = cmcListAfter(position.list, lists);
  if (nextList === undefined) {
    return { write, cursor: { ...cursor, lastDay: position.day, walk: null } };
  }
  const walk = {
    day: position.day,
    list: nextList,
    page: 0,
    fingerprint: null,
  };
  return { write, cursor: { ...cursor, walk } };
}

/**
 * Key of one stored page of a list for one day.
 * @example cmcKey('bounces', '2026-03-14', 0) // 'archive/cmc/bounces/dt=2026-03-14/p0000.json.gz'
 */
export function cmcKey(list: CmcList, day: string, page: number): string {
  return `archive/cmc/${list}/dt=${day}/p${String(page).padStart(4, '0')}.json.gz`;
}
