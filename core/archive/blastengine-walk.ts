import { MalformedPayloadError } from '../errors';
import { idText, type Json, requireJson } from '../providers/read-json';
import * as z from '../zod';
import { parseCursor } from './cursor';
import { utcDate } from './dates';

const ReportJobSchema = z.object({
  deliveryId: z.int(),
  jobId: z.int(),
  /** When the job was created (ISO), to give up on jobs that never finish. */
  createdAt: z.string(),
});

/** A blastengine report job recorded in the cursor until its zip is stored. */
export type ReportJob = z.infer<typeof ReportJobSchema>;

/** Persistent state of the blastengine archiver. */
export const BlastengineCursorSchema = z.object({
  version: z.literal(1),
  /** Largest maillog_id of every completed walk; null before the first. */
  highWater: z.nullable(z.int()),
  /** The walk in progress: its first (largest) id and the next anchor. */
  walk: z.nullable(z.object({ top: z.int(), anchor: z.int() })),
  reports: z.object({
    /** updated_time of the newest delivery a report job was created for. */
    watermark: z.nullable(z.string()),
    /** Delivery ids already handled at exactly `watermark`. */
    doneAtWatermark: z.array(z.int()),
    pending: z.array(ReportJobSchema),
  }),
});

/** Persistent state of the blastengine archiver. */
export type BlastengineCursor = z.infer<typeof BlastengineCursorSchema>;

/** The cursor before the first run. */
export const INITIAL_BLASTENGINE_CURSOR: BlastengineCursor = {
  version: 1,
  highWater: null,
  walk: null,
  reports: { watermark: null, doneAtWatermark: [], pending: [] },
};

/** A stored blastengine cursor, or the initial one when there is none. */
export function parseBlastengineCursor(
  value: unknown,
  id: string,
): BlastengineCursor {
  return parseCursor(
    BlastengineCursorSchema,
    value,
    INITIAL_BLASTENGINE_CURSOR,
    id,
  );
}

/** A log row with its maillog_id as a number. */
export interface LogRow {
  readonly id: number;
  readonly row: Json;
}

/** A numeric or numeric-string id as a safe integer, else null. */
export function integerId(value: unknown): number | null {
  const text = idText(value);
  const id = text === null ? Number.NaN : Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** The rows of a GET /logs/mails/results page `{data: [...]}` (§3.2). */
export function readLogPage(json: unknown): LogRow[] {
  const data = requireJson(json, 'blastengine log page').data;
  if (!Array.isArray(data)) {
    throw new MalformedPayloadError('blastengine log page data must be a list');
  }
  return data.map((item, i) => {
    const row = requireJson(item, `blastengine data[${i}]`);
    const id = integerId(row.maillog_id);
    if (id === null) {
      throw new MalformedPayloadError(
        `blastengine data[${i}].maillog_id must be an integer`,
      );
    }
    return { id, row };
  });
}

/** What to do with one fetched page. */
export interface LogPagePlan {
  /** Rows not archived by an earlier walk (id above the high-water mark). */
  readonly keep: readonly LogRow[];
  /** True when the walk ends with this page. */
  readonly done: boolean;
  /** The cursor to save once `keep` is written. */
  readonly cursor: BlastengineCursor;
}

function completeWalk(cursor: BlastengineCursor): BlastengineCursor {
  const top = cursor.walk?.top ?? null;
  const highWater =
    top === null || cursor.highWater === null
      ? (top ?? cursor.highWater)
      : Math.max(top, cursor.highWater);
  return { ...cursor, highWater, walk: null };
}

/**
 * Plans a page of the descending anchor walk: logs come back with
 * maillog_id below the anchor, so the next anchor is the page's smallest id;
 * the walk ends on an empty page or on reaching the previous high-water
 * mark (§3.2). The cursor only moves once the caller has written `keep`.
 */
export function planLogPage(
  cursor: BlastengineCursor,
  rows: readonly LogRow[],
): LogPagePlan {
  if (rows.length === 0) {
    return { keep: [], done: true, cursor: completeWalk(cursor) };
  }
  const ids = rows.map((r) => r.id);
  const min = Math.min(...ids);
  const anchor = cursor.walk?.anchor;
  if (anchor !== undefined && Math.max(...ids) >= anchor) {
    // A page at or above its anchor would loop forever.
    throw new MalformedPayloadError(
      `blastengine returned maillog_id >= anchor ${anchor}`,
    );
  }
  const high = cursor.highWater;
  const keep = high === null ? rows : rows.filter((r) => r.id > high);
  const walk = { top: cursor.walk?.top ?? Math.max(...ids), anchor: min };
  const next = { ...cursor, walk };
  const done = high !== null && min <= high;
  return { keep, done, cursor: done ? completeWalk(next) : next };
}

const DETAIL_STATUSES: ReadonlySet<unknown> = new Set([
  'HARDERROR',
  'SOFTERROR',
  'DROP',
]);

/** maillog_ids worth a detail request: failures only (docs/design.md). */
export function detailIds(rows: readonly LogRow[]): number[] {
  return rows.filter((r) => DETAIL_STATUSES.has(r.row.status)).map((r) => r.id);
}

function pageStem(rows: readonly LogRow[]): string {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const at = Date.parse(
    String(first.row.delivery_time ?? first.row.created_time),
  );
  const dt = Number.isNaN(at) ? 'unknown' : utcDate(at);
  return `archive/blastengine/logs/dt=${dt}/anchor=${first.id}-${last.id}`;
}

/**
 * Key of a stored log page, from its first and last maillog_id and the UTC
 * delivery date of its first row: the same rows always get the same key.
 * @example blastengineLogKey(rows) // 'archive/blastengine/logs/dt=2026-03-14/anchor=901205-901203.json.gz'
 */
export function blastengineLogKey(rows: readonly LogRow[]): string {
  return `${pageStem(rows)}.json.gz`;
}

/** Key of the failure details stored beside a log page. */
export function blastengineDetailsKey(rows: readonly LogRow[]): string {
  return `${pageStem(rows)}.details.json.gz`;
}
