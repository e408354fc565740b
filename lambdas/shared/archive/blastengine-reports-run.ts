import {
  blastengineDeliveriesRequest,
  blastengineReportCreateRequest,
  blastengineReportDownloadRequest,
  blastengineReportStatusRequest,
} from '../../../core/archive/blastengine';
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
} from '../../../core/archive/blastengine-reports';
import type {
  BlastengineCursor,
  ReportJob,
} from '../../../core/archive/blastengine-walk';
import type { ArchiveOutcome } from '../../../core/archive/summary';
import type { BlastengineRunOptions } from './blastengine-run';
import type { ArchiveRun, CursorHandle } from './run-context';

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
export async function archiveBlastengineReports(
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
