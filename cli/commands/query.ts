import { parseArgs } from 'node:util';
import {
  findNamedQuery,
  NAMED_QUERIES,
} from '../../core/queries/named-queries';
import { formatTable } from '../lake/format';
import { DEFAULT_LAKE_DIR, LAKE_ENV, resolveLakeDir } from '../lake/lake-dir';
import { type LakeQuery, queryLake } from '../lake/query';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail query <NAMED-QUERY|SQL> [options]
       mailtrail query --list

Runs a named query (the same ones Athena has) or any SQL over the local lake
with DuckDB. Views: events (every row) and events_dedup (one per event_id).

Options:
  --lake DIR           lake directory (default $${LAKE_ENV} or ./${DEFAULT_LAKE_DIR})
  --param NAME=VALUE   query parameter, repeatable ($NAME in SQL)
  --json               one JSON object per row instead of a table
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

/** Chooses between a named query and raw SQL (anything with whitespace). */
function toLakeQuery(text: string, params: Record<string, string>): LakeQuery {
  const named = findNamedQuery(text);
  if (named) return { named, params };
  if (/\s/.test(text.trim())) return { sql: text, params };
  throw new CliUsageError(
    `unknown named query "${text}" (run mailtrail query --list)`,
  );
}

function listText(): string {
  const width = Math.max(...NAMED_QUERIES.map((q) => q.name.length));
  return NAMED_QUERIES.map((q) => {
    const params = q.params?.length
      ? ` [${q.params.map((p) => `--param ${p}=…`).join(' ')}]`
      : '';
    return `${q.name.padEnd(width)}  ${q.description}${params}`;
  }).join('\n');
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      lake: { type: 'string' },
      param: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
    },
  });
  if (values.list) {
    io.stdout.write(`${listText()}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new CliUsageError('give exactly one named query or SQL statement');
  }
  const query = toLakeQuery(positionals[0]!, parseParams(values.param));
  const lakeDir = resolveLakeDir(io, values.lake);
  const result = await queryLake(lakeDir, query);
  if (values.json) {
    for (const row of result.rows) io.stdout.write(`${JSON.stringify(row)}\n`);
  } else {
    io.stdout.write(`${formatTable(result.columns, result.rows)}\n`);
  }
  const n = result.rows.length;
  io.stderr.write(`(${n} ${n === 1 ? 'row' : 'rows'})\n`);
  return 0;
}

/** `mailtrail query`: named queries and SQL over the local DuckDB lake. */
export const command: CliCommand = {
  summary: 'Query the local lake with DuckDB (same named queries as Athena)',
  usage: USAGE,
  run,
};
