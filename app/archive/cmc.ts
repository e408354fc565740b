import {
  type CmcCredentials,
  type CmcList,
  type CmcPosition,
  cmcDays,
  cmcKey,
  cmcListRequest,
  parseCmcCursor,
  planCmcPage,
  readCmcPage,
  resumeCmcDay,
} from '../../core/archive/cmc';
import { localDate } from '../../core/archive/dates';
import type { ArchiveOutcome } from '../../core/archive/summary';
import { type ArchiveWindow, cursorId } from '../../core/archive/types';
import { normalizeCmc } from '../../core/providers/cmc';
import type { ArchiveRun } from './run-context';

/** What a CMC run needs besides the run itself. */
export interface CmcRunOptions {
  readonly baseUrl: string;
  readonly credentials: CmcCredentials;
  /** The console's timezone: list dates are local days (§4.1). */
  readonly timezone: string;
  /** Lists to read, in CMC order; `blocks` needs the Pro plan (§4.1). */
  readonly lists: readonly CmcList[];
  /** Backfill window; absent for scheduled runs. */
  readonly window?: ArchiveWindow;
}

/**
 * The CMC archiver: the configured lists (deliveries, bounces, blocks) of
 * every full local day since the cursor (yesterday on a first run), page by
 * page. CMC asks for at most one call a day (docs/providers.md §4.3): a day is
 * read once.
 */
export async function archiveCmc(
  run: ArchiveRun,
  opts: CmcRunOptions,
): Promise<ArchiveOutcome> {
  const id = cursorId('cmc', undefined, opts.window);
  const cursor = await run.cursor(id, (v) => parseCmcCursor(v, id));
  const today = localDate(run.now(), opts.timezone);
  for (const day of cmcDays(cursor.value, today, opts.window)) {
    const start = resumeCmcDay(cursor.value, day, opts.lists);
    // A walk on a list no longer configured may just have ended the day.
    if (start.walk === null) await cursor.save(start);
    let at: CmcPosition | null = start.walk;
    while (at !== null) {
      if (run.outOfTime()) return 'deadline';
      const spec = cmcListRequest(
        opts.baseUrl,
        opts.credentials,
        at.list,
        day,
        at.page,
      );
      const json = await run.http.json(spec);
      const rows = readCmcPage(json, at.list);
      const plan = planCmcPage(cursor.value, at, rows, opts.lists);
      if (plan.write) {
        const list = at.list;
        await run.writeJson(cmcKey(list, day, at.page), json);
        await run.putEvents(
          rows.map((row) => ({ [list]: [row] })),
          normalizeCmc,
        );
      }
      await cursor.save(plan.cursor);
      const next = plan.cursor.walk;
      at = next?.day === day ? next : null;
    }
  }
  return 'complete';
}
