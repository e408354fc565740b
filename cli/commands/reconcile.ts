import {
  reconciliationDetailsSql,
  reconciliationQuery,
} from '../../core/queries/reconciliation';
import { parseCliArgs } from '../args';
import { assertDayOrder, dayOption } from '../lake/day-option';
import { DEFAULT_LAKE_DIR, LAKE_ENV, resolveLakeDir } from '../lake/lake-dir';
import { queryLake } from '../lake/query';
import { FORMAT_OPTION, formatRows, parseFormat } from '../output';
import type { CliCommand, CliIo } from '../types';

const USAGE = `Usage: mailtrail reconcile [options]

Compares what the webhooks delivered with what the archivers pulled from the
providers' logs: one row per provider and event day (UTC) with webhook_events,
archive_events, only_in_archive (missed webhooks), only_in_webhook and
coverage (whether the archive has reached past that day yet). Runs the same
SQL as the Athena named query "reconciliation".

Options:
  --lake DIR            lake directory (default $${LAKE_ENV} or ./${DEFAULT_LAKE_DIR})
  --from YYYY-MM-DD     first event day (default: the lake's first)
  --to YYYY-MM-DD       last event day (default: the lake's last)
  --format F            table (default), json (one object per line) or csv
  --details             list the events only one side has, not the counts`;

// Every day the lake can hold; a day past either end is still valid SQL.
const FIRST_DAY = '1970-01-01';
const LAST_DAY = '9999-12-30';

function parse(args: readonly string[]) {
  const { values } = parseCliArgs(args, {
    options: {
      lake: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      ...FORMAT_OPTION,
      details: { type: 'boolean', default: false },
    },
  });
  const from = dayOption('from', values.from, FIRST_DAY);
  const to = dayOption('to', values.to, LAST_DAY);
  assertDayOrder(from, to);
  return { ...values, format: parseFormat(values.format), from, to };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const opts = parse(args);
  const params = { from_dt: opts.from, to_dt: opts.to };
  const lakeDir = resolveLakeDir(io, opts.lake);
  const result = await queryLake(
    lakeDir,
    opts.details
      ? { sql: reconciliationDetailsSql('duckdb', TABLES), params }
      : { named: reconciliationQuery, params },
  );
  io.stdout.write(formatRows(opts.format, result.columns, result.rows));
  const n = result.rows.length;
  const what = opts.details ? 'event' : 'day';
  io.stderr.write(`(${n} ${what}${n === 1 ? '' : 's'})\n`);
  return 0;
}

// The views queryLake defines, as the named queries read them.
const TABLES = { events: 'events', dedup: 'events_dedup' };

/** `mailtrail reconcile`: the webhook/archive ledger of the local lake. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail reconcile --lake .lake',
    'mailtrail reconcile --from 2026-03-01 --to 2026-03-31 --format csv > coverage.csv',
    'mailtrail reconcile --details --format json',
  ],
  run,
};
