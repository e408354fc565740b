import {
  AthenaClient,
  GetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  athenaNamedQuery,
  sqlStringLiteral,
} from '../../../../adapters/aws/athena-query';

// Failure paths and paging moto cannot produce (its queries always succeed
// at once, in one page); the happy path runs against moto in
// test/integration/reconcile-moto.test.ts.
const athenaMock = mockClient(AthenaClient);
const options = {
  namedQueryId: 'nq-1',
  workGroup: 'mailtrail',
  params: ['from_dt', 'to_dt'],
  pollMs: 0,
};
const run = (over: Partial<typeof options & { timeoutMs: number }> = {}) =>
  athenaNamedQuery(new AthenaClient({ region: 'us-east-1' }), {
    ...options,
    ...over,
  }).run({ from_dt: '2026-03-01', to_dt: '2026-03-07' });

const cell = (v: string) => ({ VarCharValue: v });

beforeEach(() => {
  athenaMock.reset();
  athenaMock.on(GetNamedQueryCommand).resolves({
    NamedQuery: {
      Name: 'reconciliation',
      Database: 'mailtrail',
      QueryString: 'SELECT ?, ?',
    },
  });
  athenaMock
    .on(StartQueryExecutionCommand)
    .resolves({ QueryExecutionId: 'q-1' });
});

describe('athenaNamedQuery', () => {
  it('binds the parameters as quoted literals, waits, and reads every page', async () => {
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const columnInfo = [
      { Name: 'provider', Type: 'varchar' },
      { Name: 'only_in_archive', Type: 'bigint' },
    ];
    athenaMock
      .on(GetQueryResultsCommand, {
        QueryExecutionId: 'q-1',
        NextToken: undefined,
      })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [
            { Data: [cell('provider'), cell('only_in_archive')] },
            { Data: [cell('cmc'), cell('1')] },
          ],
        },
        NextToken: 'p2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 'p2' })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columnInfo },
          Rows: [{ Data: [cell('mailgun'), {}] }],
        },
      });
    expect(await run()).toStrictEqual([
      { provider: 'cmc', only_in_archive: '1' },
      { provider: 'mailgun', only_in_archive: '' },
    ]);
    expect(athenaMock).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: 'SELECT ?, ?',
      QueryExecutionContext: { Database: 'mailtrail' },
      WorkGroup: 'mailtrail',
      ExecutionParameters: ["'2026-03-01'", "'2026-03-07'"],
    });
    expect(athenaMock).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 3);
  });

  it('fails with Athena’s reason when the query fails', async () => {
    athenaMock.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'Bytes scanned limit' },
      },
    });
    await expect(run()).rejects.toThrow(
      'Athena query q-1 FAILED: Bytes scanned limit',
    );
    expect(athenaMock).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('gives up on a query that does not finish in time', async () => {
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    await expect(run({ timeoutMs: 0 })).rejects.toThrow(
      'Athena query q-1 still RUNNING after 0 ms',
    );
  });

  it('refuses a missing named query or parameter before starting', async () => {
    await expect(
      athenaNamedQuery(new AthenaClient({ region: 'us-east-1' }), {
        ...options,
        params: ['since'],
      }).run({ from_dt: 'x', to_dt: 'y' }),
    ).rejects.toThrow('missing parameter since');
    athenaMock.on(GetNamedQueryCommand).resolves({ NamedQuery: undefined });
    await expect(run()).rejects.toThrow('named query nq-1 has no SQL');
    expect(athenaMock).not.toHaveReceivedCommand(StartQueryExecutionCommand);
  });

  it('fails when Athena returns no execution id', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({});
    await expect(run()).rejects.toThrow('no query execution id');
  });

  it('quotes a literal, doubling quotes inside it', () => {
    expect(sqlStringLiteral("it's")).toBe("'it''s'");
  });
});
