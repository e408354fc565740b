import {
  mailgunEventsKey,
  mailgunEventsRequest,
  mailgunPageRequest,
} from '../../../core/archive/mailgun';
import {
  advanceEventsWalk,
  classifyEventsPage,
  closeEventsWalk,
  type MailgunCursor,
  parseMailgunCursor,
  readMailgunPage,
  startEventsWalk,
} from '../../../core/archive/mailgun-walk';
import type { ArchiveOutcome } from '../../../core/archive/summary';
import { type ArchiveWindow, cursorId } from '../../../core/archive/types';
import { normalizeMailgun } from '../../../core/providers/mailgun';
import {
  archiveMailgunStats,
  archiveMailgunSuppressions,
} from './mailgun-snapshots';
import type { ArchiveRun, CursorHandle } from './run-context';

/** What a Mailgun run needs besides the run itself. */
export interface MailgunRunOptions {
  /** API origin for the domains' region (MAILGUN_BASE_URLS). */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly domains: readonly string[];
  /** Backfill window; absent for scheduled runs. */
  readonly window?: ArchiveWindow;
}

/** One domain and its cursor. */
export interface MailgunDomainRun {
  readonly run: ArchiveRun;
  readonly opts: MailgunRunOptions;
  readonly domain: string;
  readonly cursor: CursorHandle<MailgunCursor>;
}

/**
 * Events API walk: ascending pages of the window, each written and then
 * the cursor saved; a page that is not final (last event within 30 min,
 * docs/providers.md §2.3) is neither written nor passed and is re-read next run.
 */
async function archiveEvents(d: MailgunDomainRun): Promise<ArchiveOutcome> {
  const { run, opts, domain, cursor } = d;
  let walk =
    cursor.value.walk ??
    startEventsWalk(cursor.value, run.now() / 1000, opts.window);
  if (walk === null) return 'complete';
  for (;;) {
    if (run.outOfTime()) return 'deadline';
    const spec =
      walk.page === 0
        ? mailgunEventsRequest(opts.baseUrl, domain, opts.apiKey, walk)
        : mailgunPageRequest(opts.baseUrl, walk.next!, opts.apiKey);
    const json = await run.http.json(spec);
    const page = readMailgunPage(json);
    const verdict = classifyEventsPage(page.items, run.now() / 1000);
    if (verdict !== 'final') {
      await cursor.save(closeEventsWalk(cursor.value, walk, verdict));
      return 'complete';
    }
    await run.writeJson(
      mailgunEventsKey(domain, walk.begin, walk.end, walk.page + 1),
      json,
    );
    await run.putEvents(page.items, normalizeMailgun);
    walk = advanceEventsWalk(walk, page);
    if (walk.next === null) {
      await cursor.save(closeEventsWalk(cursor.value, walk, 'empty'));
      return 'complete';
    }
    await cursor.save({ ...cursor.value, walk });
  }
}

/**
 * The Mailgun archiver, domain after domain: events, hourly stats, then
 * the daily suppression-list snapshot, each with its own cursor fields.
 */
export async function archiveMailgun(
  run: ArchiveRun,
  opts: MailgunRunOptions,
): Promise<ArchiveOutcome> {
  for (const domain of opts.domains) {
    const id = cursorId('mailgun', domain, opts.window);
    const cursor = await run.cursor(id, (v) => parseMailgunCursor(v, id));
    const d = { run, opts, domain, cursor };
    for (const step of [
      archiveEvents,
      archiveMailgunStats,
      archiveMailgunSuppressions,
    ]) {
      if ((await step(d)) === 'deadline') return 'deadline';
    }
  }
  return 'complete';
}
