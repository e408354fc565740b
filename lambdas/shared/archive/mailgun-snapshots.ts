import { utcDate } from '../../../core/archive/dates';
import {
  MAILGUN_SUPPRESSION_LISTS,
  type MailgunSuppressionList,
  mailgunPageRequest,
  mailgunStatsKey,
  mailgunStatsRequest,
  mailgunSuppressionKey,
  mailgunSuppressionRequest,
} from '../../../core/archive/mailgun';
import {
  afterStatsDay,
  readMailgunPage,
  statsDays,
} from '../../../core/archive/mailgun-walk';
import type { ArchiveOutcome } from '../../../core/archive/summary';
import type { Json } from '../../../core/providers/read-json';
import type { MailgunDomainRun } from './mailgun-run';

/**
 * Hourly stats totals, one object per UTC day, re-read until the day is
 * past (counts of late events still grow); hourly data lives 2 months.
 */
export async function archiveMailgunStats(
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
export async function archiveMailgunSuppressions(
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
