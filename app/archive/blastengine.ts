import {
  BLASTENGINE_LOG_PAGE_SIZE,
  blastengineDeliveriesRequest,
  blastengineDetailRequest,
  blastengineLogsRequest,
  blastengineLogWindow,
  blastengineReportCreateRequest,
  blastengineReportDownloadRequest,
  blastengineReportStatusRequest,
} from '../../core/archive/blastengine';
import {
  blastengineReportKey,
  type DeliveryRef,
  isReportDone,
  isReportJobExpired,
  planReportListing,
  readDeliveriesPage,
  readJobId,
  recordReportJob,
  removeReportJob,
  sortForReports,
} from '../../core/archive/blastengine-reports';
import {
  type BlastengineCursor,
  blastengineDetailsKey,
  blastengineLogKey,
  detailIds,
  type LogRow,
  parseBlastengineCursor,
  planLogPage,
  type ReportJob,
  readLogPage,
} from '../../core/archive/blastengine-walk';
import type { ArchiveOutcome } from '../../core/archive/summary';
import { type ArchiveWindow, cursorId } from '../../core/archive/types';
import { normalizeBlastengine } from '../../core/providers/blastengine';
import { ProviderHttpError } from './errors';
import type { ArchiveRun, CursorHandle } from './run-context';

/** What a blastengine run needs besides the run itself. */
export interface BlastengineRunOptions {
  readonly baseUrl: string;
  /** Bearer token (blastengineToken). */
  readonly token: string;
  /** Backfill window; absent for scheduled runs. */
  readonly window?: ArchiveWindow;
  /** Also create and download analysis reports. */
  readonly reports: boolean;
  /** How long to poll new report jobs before leaving them for the next run, ms. @default 120_000 */
  readonly reportWaitMs?: number;
}

/**
 * One log in detail. A 4xx other than 429 (the log is gone, or the id is
 * refused) is recorded in place of the detail instead of failing: the row
 * itself is on the page, and a permanent error must not block the walk.
 */
async function fetchDetail(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
  id: number,
): Promise<unknown> {
  try {
    return await run.http.json(
      blastengineDetailRequest(opts.baseUrl, opts.token, id),
    );
  } catch (err) {
    const status = err instanceof ProviderHttpError ? err.status : null;
    if (status === null || status === 429 || status >= 500) throw err;
    run.log.warn('blastengine log detail unavailable', {
      maillogId: id,
      status,
    });
    return { maillog_id: id, error: (err as Error).message };
  }
}

/** Raw page, failure details beside it, then its events. */
async function writeLogPage(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
  keep: readonly LogRow[],
): Promise<void> {
  await run.writeJson(blastengineLogKey(keep), {
    data: keep.map((r) => r.row),
  });
  const ids = detailIds(keep);
  if (ids.length > 0) {
    const details: unknown[] = [];
    for (const id of ids) details.push(await fetchDetail(run, opts, id));
    await run.writeJson(blastengineDetailsKey(keep), { details });
  }
  await run.putEvents(
    keep.map((r) => ({ data: [r.row] })),
    normalizeBlastengine,
  );
}

/**
 * Walks GET /logs/mails/results down by anchor from the newest settled
 * log to the previous high-water mark (or the end), saving the cursor after
 * each written page.
 */
async function archiveLogs(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
  cursor: CursorHandle<BlastengineCursor>,
): Promise<ArchiveOutcome> {
  const window = blastengineLogWindow(run.now(), opts.window);
  if (window === null) return 'complete';
  for (;;) {
    if (run.outOfTime()) return 'deadline';
    const spec = blastengineLogsRequest(opts.baseUrl, opts.token, {
      anchor: cursor.value.walk?.anchor,
      count: BLASTENGINE_LOG_PAGE_SIZE,
      ...window,
    });
    const rows = readLogPage(await run.http.json(spec));
    const plan = planLogPage(cursor.value, rows);
    if (plan.keep.length > 0) await writeLogPage(run, opts, plan.keep);
    await cursor.save(plan.cursor);
    if (plan.done) return 'complete';
  }
}

/**
 * The blastengine archiver: mail logs (with failure details), then — on
 * scheduled runs — analysis reports of recently finished bulk deliveries.
 */
export async function archiveBlastengine(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
): Promise<ArchiveOutcome> {
  const id = cursorId('blastengine', undefined, opts.window);
  const cursor = await run.cursor(id, (v) => parseBlastengineCursor(v, id));
  const logs = await archiveLogs(run, opts, cursor);
  if (logs === 'deadline' || !opts.reports) return logs;
  return archiveBlastengineReports(run, opts, cursor);
}

/** Listing pages read per run at most (100 deliveries each). */
const MAX_LISTING_PAGES = 10;
/** Pause between polls of unfinished jobs. */
const POLL_INTERVAL_MS = 10_000;

type Cursor = CursorHandle<BlastengineCursor>;

/** Stores a finished job's zip, or gives up an expired one; else waits. */
async function settleJob(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
  cursor: Cursor,
  job: ReportJob,
): Promise<void> {
  const { baseUrl, token } = opts;
  const status = await run.http.json(
    blastengineReportStatusRequest(baseUrl, token, job.jobId),
  );
  if (isReportDone(status)) {
    const zip = await run.http.send(
      blastengineReportDownloadRequest(baseUrl, token, job.jobId),
    );
    await run.writeBytes(
      blastengineReportKey(job),
      zip.body,
      'application/zip',
    );
  } else if (isReportJobExpired(job, run.now())) {
    run.log.warn('blastengine report job never finished; given up', { ...job });
  } else {
    return;
  }
  const reports = removeReportJob(cursor.value.reports, job.jobId);
  await cursor.save({ ...cursor.value, reports });
}

/** Polls pending jobs until none is left or `waitMs` has passed. */
async function drainJobs(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
  cursor: Cursor,
  waitMs: number,
): Promise<ArchiveOutcome> {
  const until = run.now() + waitMs;
  for (;;) {
    for (const job of cursor.value.reports.pending) {
      if (run.outOfTime()) return 'deadline';
      await settleJob(run, opts, cursor, job);
    }
    const left = until - run.now();
    if (cursor.value.reports.pending.length === 0 || left <= 0) {
      return 'complete';
    }
    await run.sleep(Math.min(POLL_INTERVAL_MS, left));
  }
}

async function listDue(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
  cursor: Cursor,
): Promise<DeliveryRef[]> {
  const due: DeliveryRef[] = [];
  for (let page = 1; page <= MAX_LISTING_PAGES; page++) {
    const spec = blastengineDeliveriesRequest(opts.baseUrl, opts.token, page);
    const refs = readDeliveriesPage(await run.http.json(spec));
    const listing = planReportListing(cursor.value.reports, refs, run.now());
    due.push(...listing.due);
    if (!listing.more) break;
  }
  return sortForReports(due);
}

/**
 * Analysis reports (POST create → poll → download zip → S3). Job ids are
 * saved in the cursor the moment a job is created, so an interrupted run
 * downloads them next time instead of creating new ones.
 */
async function archiveBlastengineReports(
  run: ArchiveRun,
  opts: BlastengineRunOptions,
  cursor: Cursor,
): Promise<ArchiveOutcome> {
  if ((await drainJobs(run, opts, cursor, 0)) === 'deadline') return 'deadline';
  for (const delivery of await listDue(run, opts, cursor)) {
    if (run.outOfTime()) return 'deadline';
    const created = await run.http.json(
      blastengineReportCreateRequest(
        opts.baseUrl,
        opts.token,
        delivery.deliveryId,
      ),
    );
    const createdAt = new Date(run.now()).toISOString();
    const reports = recordReportJob(
      cursor.value.reports,
      delivery,
      readJobId(created),
      createdAt,
    );
    await cursor.save({ ...cursor.value, reports });
  }
  return drainJobs(run, opts, cursor, opts.reportWaitMs ?? 120_000);
}
