import { utcDate } from '../../core/archive/dates';
import {
  MAILGUN_SUPPRESSION_LISTS,
  type MailgunSuppressionList,
  mailgunEventsKey,
  mailgunEventsRequest,
  mailgunPageRequest,
  mailgunStatsKey,
  mailgunStatsRequest,
  mailgunSuppressionKey,
  mailgunSuppressionRequest,
} from '../../core/archive/mailgun';
import {
  advanceEventsWalk,
  afterStatsDay,
  classifyEventsPage,
  closeEventsWalk,
  type MailgunCursor,
  parseMailgunCursor,
  readMailgunPage,
  startEventsWalk,
  statsDays,
} from '../../core/archive/mailgun-walk';
import type { ArchiveOutcome } from '../../core/archive/summary';
import { type ArchiveWindow, cursorId } from '../../core/archive/types';
import { normalizeMailgun } from '../../core/providers/mailgun';
import type { Json } from '../../core/providers/read-json';
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
interface MailgunDomainRun {
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

/**
 * Hourly stats totals, one object per UTC day, re-read until the day is
 * past (counts of late events still grow); hourly data lives 2 months.
 */
async function archiveMailgunStats(
  d: MailgunDomainRun,
): Promise<ArchiveOutcome> {
  const { run, opts, domain, cursor } = d;
  for (const day of statsDays(cursor.value, run.now(), opts.window)) {
    if (run.outOfTime()) return 'deadline';
    const spec = mailgunStatsRequest(opts.baseUrl, domain, opts.apiKey, day);
    await run.writeJson(
      mailgunStatsKey(domain, day),
      await run.http.json(spec),
    );
    await cursor.save(afterStatsDay(cursor.value, day, run.now()));
  }
  return 'complete';
}

/** Every page of one suppression list; null when out of time. */
async function readList(
  d: MailgunDomainRun,
  list: MailgunSuppressionList,
): Promise<Json[] | null> {
  const { run, opts, domain } = d;
  const items: Json[] = [];
  let spec = mailgunSuppressionRequest(opts.baseUrl, domain, opts.apiKey, list);
  for (;;) {
    if (run.outOfTime()) return null;
    const page = readMailgunPage(await run.http.json(spec));
    items.push(...page.items);
    if (page.items.length === 0 || page.next === null) return items;
    const next = mailgunPageRequest(opts.baseUrl, page.next, opts.apiKey);
    // A `next` that does not move would loop forever.
    if (next.url === spec.url) return items;
    spec = next;
  }
}

/**
 * Once per UTC day: bounces, complaints and unsubscribes, each list whole
 * in one object (a re-run the same day overwrites it).
 */
async function archiveMailgunSuppressions(
  d: MailgunDomainRun,
): Promise<ArchiveOutcome> {
  const { run, domain, cursor } = d;
  const today = utcDate(run.now());
  if (cursor.value.suppressionsDay === today) return 'complete';
  for (const list of MAILGUN_SUPPRESSION_LISTS) {
    const items = await readList(d, list);
    if (items === null) return 'deadline';
    await run.writeJson(mailgunSuppressionKey(domain, list, today), { items });
  }
  await cursor.save({ ...cursor.value, suppressionsDay: today });
  return 'complete';
}
