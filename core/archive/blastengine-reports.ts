import { MalformedPayloadError } from '../errors';
import { requireJson } from '../providers/read-json';
import { parseIsoWithOffset } from '../time';
import { BLASTENGINE_DELIVERY_PAGE_SIZE } from './blastengine';
import {
  type BlastengineCursor,
  integerId,
  type ReportJob,
} from './blastengine-walk';

const HOUR_MS = 3_600_000;

/**
 * A report is requested once a delivery has been finished this long, so the
 * open data it holds has mostly arrived (most opens come within a day).
 */
export const REPORT_DELAY_MS = 24 * HOUR_MS;
/** With no watermark yet, deliveries updated this far back are reported. */
export const REPORT_LOOKBACK_MS = 7 * 24 * HOUR_MS;
/** A job still unfinished after this long is given up (and logged). */
export const REPORT_JOB_MAX_AGE_MS = 24 * HOUR_MS;

type Reports = BlastengineCursor['reports'];

/** A delivery from GET /deliveries with its update time. */
export interface DeliveryRef {
  readonly deliveryId: number;
  /** updated_time as canonical UTC ISO. */
  readonly updatedAt: string;
}

/** The deliveries of a GET /deliveries page `{data: [...]}` (§3.2). */
export function readDeliveriesPage(json: unknown): DeliveryRef[] {
  const data = requireJson(json, 'blastengine deliveries page').data;
  if (!Array.isArray(data)) {
    throw new MalformedPayloadError(
      'blastengine deliveries data must be a list',
    );
  }
  return data.map((item, i) => {
    const path = `blastengine deliveries data[${i}]`;
    const row = requireJson(item, path);
    const deliveryId = integerId(row.delivery_id);
    if (deliveryId === null) {
      throw new MalformedPayloadError(`${path}.delivery_id must be an integer`);
    }
    const updatedAt = parseIsoWithOffset(
      row.updated_time,
      `${path}.updated_time`,
    );
    return { deliveryId, updatedAt };
  });
}

/** Deliveries due a report on one listing page, and whether to read on. */
export interface ReportListing {
  readonly due: readonly DeliveryRef[];
  /** True when the next page may still hold due deliveries. */
  readonly more: boolean;
}

/**
 * Picks the deliveries of a page (sorted updated_time desc) due a report:
 * finished at least REPORT_DELAY_MS ago and newer than the watermark (or,
 * on a first run, than REPORT_LOOKBACK_MS ago), not already handled.
 */
export function planReportListing(
  reports: Reports,
  page: readonly DeliveryRef[],
  nowMs: number,
): ReportListing {
  const latest = nowMs - REPORT_DELAY_MS;
  const mark =
    reports.watermark === null ? null : Date.parse(reports.watermark);
  const floor = mark ?? nowMs - REPORT_LOOKBACK_MS;
  const due = page.filter((d) => {
    const at = Date.parse(d.updatedAt);
    if (at > latest) return false;
    if (mark === null) return at >= floor;
    return (
      at > mark ||
      (at === mark && !reports.doneAtWatermark.includes(d.deliveryId))
    );
  });
  const last = page[page.length - 1];
  const more =
    page.length === BLASTENGINE_DELIVERY_PAGE_SIZE &&
    last !== undefined &&
    Date.parse(last.updatedAt) >= floor;
  return { due, more };
}

/** Oldest first (then by id): the order report jobs are created in. */
export function sortForReports(due: readonly DeliveryRef[]): DeliveryRef[] {
  return [...due].sort(
    (a, b) =>
      Date.parse(a.updatedAt) - Date.parse(b.updatedAt) ||
      a.deliveryId - b.deliveryId,
  );
}

/**
 * Records a created job: pending until its zip is stored, and the watermark
 * moved to the delivery so a later run never creates a second job for it.
 */
export function recordReportJob(
  reports: Reports,
  delivery: DeliveryRef,
  jobId: number,
  createdAt: string,
): Reports {
  const pending = [
    ...reports.pending,
    { deliveryId: delivery.deliveryId, jobId, createdAt },
  ];
  const same = reports.watermark === delivery.updatedAt;
  return {
    watermark: delivery.updatedAt,
    doneAtWatermark: same
      ? [...reports.doneAtWatermark, delivery.deliveryId]
      : [delivery.deliveryId],
    pending,
  };
}

/** The job id in a POST …/analysis/report response `{job_id}` (§3.2). */
export function readJobId(json: unknown): number {
  const id = integerId(requireJson(json, 'blastengine job').job_id);
  if (id === null) {
    throw new MalformedPayloadError('blastengine job_id must be an integer');
  }
  return id;
}

/** True when a report status `{percentage, …}` says the job is done (§3.2). */
export function isReportDone(json: unknown): boolean {
  return (
    Number(requireJson(json, 'blastengine report status').percentage) === 100
  );
}

/** Removes a job from the pending list (stored or given up). */
export function removeReportJob(reports: Reports, jobId: number): Reports {
  return {
    ...reports,
    pending: reports.pending.filter((j) => j.jobId !== jobId),
  };
}

/** True when a pending job is older than REPORT_JOB_MAX_AGE_MS. */
export function isReportJobExpired(job: ReportJob, nowMs: number): boolean {
  return nowMs - Date.parse(job.createdAt) > REPORT_JOB_MAX_AGE_MS;
}

/**
 * Key of a stored analysis report zip.
 * @example blastengineReportKey(48100, 7731) // 'archive/blastengine/reports/48100/7731.zip'
 */
export function blastengineReportKey(job: ReportJob): string {
  return `archive/blastengine/reports/${job.deliveryId}/${job.jobId}.zip`;
}
