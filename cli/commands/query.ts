import {
  findNamedQuery,
  NAMED_QUERIES,
} from '../../core/queries/named-queries';
import {
  ALL_DAYS,
  parseSinceDate,
  SINCE_PARAM,
  sinceDaysAgo,
} from '../../core/queries/window';
import { parseCliArgs } from '../args';
import { DEFAULT_LAKE_DIR, LAKE_ENV, resolveLakeDir } from '../lake/lake-dir';
import { type LakeQuery, queryLake } from '../lake/query';
import { FORMAT_OPTION, formatRows, parseFormat } from '../output';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail query <NAMED-QUERY|SQL> [options]
       mailtrail query --list

Runs a named query (the same ones Athena has) or any SQL over the local lake
with DuckDB. Views: events (every row) and events_dedup (one per event_id).
Named queries read the whole lake unless --since or --days narrows them.

Options:
  --lake DIR           lake directory (default $${LAKE_ENV} or ./${DEFAULT_LAKE_DIR})
  --since YYYY-MM-DD   named queries: events from this UTC day on
  --days N             named queries: the last N UTC days, today included
  --param NAME=VALUE   query parameter, repeatable ($NAME in SQL)
  --format F           table (default), json (one object per row) or csv
  --json               same as --format json
  --list               list the named queries`;

function parseParams(values: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      throw new CliUsageError(`--param expects NAME=VALUE, got "${item}"`);
    }
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return params;
}

/** The window's first day: --since, --days, or the whole lake. */
function windowSince(since?: string, days?: string): string {
  if (since !== undefined && days !== undefined) {
    throw new CliUsageError('give --since or --days, not both');
  }
  try {
    if (since !== undefined) return parseSinceDate(since);
    if (days === undefined) return ALL_DAYS;
    const n = /^\d{1,6}$/.test(days) ? Number(days) : Number.NaN;
    return sinceDaysAgo(n, new Date());
  } catch (err) {
    const flag = since === undefined ? '--days' : '--since';
    throw new CliUsageError(`${flag}: ${(err as Error).message}`);
  }
}

/** Chooses between a named query and raw SQL (anything with whitespace). */
function toLakeQuery(
  text: string,
  params: Record<string, string>,
  since: string,
): LakeQuery {
  const named = findNamedQuery(text);
  if (named) {
    const windowed = named.params?.includes(SINCE_PARAM) ?? false;
    return windowed
      ? { named, params: { [SINCE_PARAM]: since, ...params } }
      : { named, params };
  }
  if (/\s/.test(text.trim())) return { sql: text, params };
  throw new CliUsageError(
    `unknown named query "${text}" (run mailtrail query --list)`,
  );
}

function listText(): string {
  const width = Math.max(...NAMED_QUERIES.map((q) => q.name.length));
  return NAMED_QUERIES.map((q) => {
    const flags = (q.params ?? []).map((p) =>
      p === SINCE_PARAM ? '--since DATE|--days N' : `--param ${p}=…`,
    );
    const params = flags.length > 0 ? ` [${flags.join(' ')}]` : '';
    return `${q.name.padEnd(width)}  ${q.description}${params}`;
  }).join('\n');
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    allowPositionals: true,
    options: {
      ...FORMAT_OPTION,
      lake: { type: 'string' },
      since: { type: 'string' },
      days: { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
    },
  });
  const format = parseFormat(values.format, values.json);
  if (values.list) {
    io.stdout.write(`${listText()}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new CliUsageError('give exactly one named query or SQL statement');
  }
  const query = toLakeQuery(
    positionals[0]!,
    parseParams(values.param),
    windowSince(values.since, values.days),
  );
  const lakeDir = resolveLakeDir(io, values.lake);
  const result = await queryLake(lakeDir, query);
  io.stdout.write(formatRows(format, result.columns, result.rows));
  const n = result.rows.length;
  io.stderr.write(`(${n} ${n === 1 ? 'row' : 'rows'})\n`);
  return 0;
}

/** `mailtrail query`: named queries and SQL over the local DuckDB lake. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail query --list',
    'mailtrail query daily-rates --lake .lake',
    'mailtrail query top-bounce-reasons --format csv > bounces.csv',
    'mailtrail query "SELECT provider, count(*) FROM events_dedup GROUP BY ALL" --format json',
  ],
  run,
};
