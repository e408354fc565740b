import {
  type AthenaClient,
  GetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { LedgerQuery } from '../../app/reconcile/publish-ledger';

/** Where and how to run a saved query. */
export interface AthenaNamedQueryOptions {
  /** Id of the CfnNamedQuery (its SQL and database are read from Athena). */
  readonly namedQueryId: string;
  readonly workGroup: string;
  /** Parameter names in the query's positional order (NamedQuery.params). */
  readonly params: readonly string[];
  /** Wait between status polls. @default 2000 */
  readonly pollMs?: number;
  /** Give up (and stop the query) after this long. @default 600_000 */
  readonly timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A string as an Athena execution parameter: a quoted SQL literal. */
export function sqlStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Runs a named query in Athena with execution parameters
 * (StartQueryExecution), waits for it, and returns the rows as
 * column → text cell (GetQueryResults, every page; the header row dropped).
 * @example await athenaNamedQuery(athena, { namedQueryId, workGroup, params: ['from_dt', 'to_dt'] }).run({ from_dt, to_dt })
 */
export function athenaNamedQuery(
  athena: AthenaClient,
  options: AthenaNamedQueryOptions,
): LedgerQuery {
  const pollMs = options.pollMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 600_000;
  return {
    async run(values) {
      const { NamedQuery: saved } = await athena.send(
        new GetNamedQueryCommand({ NamedQueryId: options.namedQueryId }),
      );
      if (!saved?.QueryString) {
        throw new Error(`named query ${options.namedQueryId} has no SQL`);
      }
      const args = values as Readonly<Record<string, string>>;
      const { QueryExecutionId: id } = await athena.send(
        new StartQueryExecutionCommand({
          QueryString: saved.QueryString,
          QueryExecutionContext: { Database: saved.Database },
          WorkGroup: options.workGroup,
          ExecutionParameters: options.params.map((p) => {
            const value = args[p];
            if (value === undefined) throw new Error(`missing parameter ${p}`);
            return sqlStringLiteral(value);
          }),
        }),
      );
      if (!id) throw new Error('Athena returned no query execution id');
      await waitForQuery(athena, id, pollMs, timeoutMs);
      return readRows(athena, id);
    },
  };
}

async function waitForQuery(
  athena: AthenaClient,
  id: string,
  pollMs: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { QueryExecution: q } = await athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = q?.Status?.State;
    if (state === 'SUCCEEDED') return;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error(
        `Athena query ${id} ${state}: ${q?.Status?.StateChangeReason ?? 'no reason given'}`,
      );
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Athena query ${id} still ${state} after ${timeoutMs} ms`,
      );
    }
    await sleep(pollMs);
  }
}

async function readRows(
  athena: AthenaClient,
  id: string,
): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  let columns: string[] | undefined;
  let token: string | undefined;
  do {
    const page = await athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }),
    );
    columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(
      (c) => c.Name ?? '',
    );
    const data = page.ResultSet?.Rows ?? [];
    // The first row of the first page repeats the column names.
    for (const row of token === undefined ? data.slice(1) : data) {
      const cells = row.Data ?? [];
      rows.push(
        Object.fromEntries(
          columns.map((c, i) => [c, cells[i]?.VarCharValue ?? '']),
        ),
      );
    }
    token = page.NextToken;
  } while (token);
  return rows;
}
