import {
  AthenaClient,
  CreateNamedQueryCommand,
  CreateWorkGroupCommand,
  GetQueryExecutionCommand,
  ListQueryExecutionsCommand,
} from '@aws-sdk/client-athena';
import { beforeAll, describe, expect, it } from 'vitest';
import { athenaNamedQuery } from '../../adapters/aws/athena-query';
import { publishLedger } from '../../app/reconcile/publish-ledger';
import { reconciliationQuery } from '../../core/queries/reconciliation';
import type { LedgerDayPoint } from '../../core/reconcile/ledger';
import {
  MOTO_REGION,
  motoConfig,
  motoEndpoint,
  uniqueSuffix,
} from '../helpers/moto';

// Moto does not run SQL: the rows Athena would return are queued through
// its API; the adapter's calls (named query, parameters, results) are real.
const endpoint = motoEndpoint();
const athena = new AthenaClient(motoConfig(endpoint));
const WORK_GROUP = `mailtrail-it-${uniqueSuffix()}`;
const COLUMNS = [
  'provider',
  'dt',
  'webhook_events',
  'archive_events',
  'only_in_archive',
  'only_in_webhook',
  'coverage',
];
const row = (cells: readonly string[]) => ({
  Data: cells.map((v) => ({ VarCharValue: v })),
});
let namedQueryId: string;

beforeAll(async () => {
  await athena.send(new CreateWorkGroupCommand({ Name: WORK_GROUP }));
  ({ NamedQueryId: namedQueryId = '' } = await athena.send(
    new CreateNamedQueryCommand({
      Name: reconciliationQuery.name,
      Database: 'mailtrail',
      WorkGroup: WORK_GROUP,
      QueryString: reconciliationQuery.sql('athena', {
        events: 'mailtrail.events',
        dedup: 'mailtrail.events_dedup',
      }),
    }),
  ));
  const res = await fetch(`${endpoint}/moto-api/static/athena/query-results`, {
    method: 'POST',
    body: JSON.stringify({
      region: MOTO_REGION,
      results: [
        {
          column_info: COLUMNS.map((Name) => ({ Name, Type: 'varchar' })),
          rows: [
            row(COLUMNS),
            row(['cmc', '2026-03-08', '999', '1000', '2', '1', 'true']),
            row(['cmc', '2026-03-10', '5', '0', '0', '5', 'false']),
          ],
        },
      ],
    }),
  });
  expect(res.status).toBe(201);
});

describe('the reconciliation run against moto Athena', () => {
  it('runs the saved query with quoted day parameters and publishes covered days', async () => {
    const published: LedgerDayPoint[] = [];
    const summary = await publishLedger(
      athenaNamedQuery(athena, {
        namedQueryId,
        workGroup: WORK_GROUP,
        params: reconciliationQuery.params ?? [],
        pollMs: 10,
      }),
      { publish: (points) => void published.push(...points) },
      { days: 3, missedShare: 0.001, now: new Date('2026-03-10T06:00:00Z') },
    );
    expect(published).toStrictEqual([
      { provider: 'cmc', dt: '2026-03-08', missed: 2, events: 1001 },
    ]);
    expect(summary).toMatchObject({
      rows: 2,
      covered: 1,
      daysOverShare: [{ provider: 'cmc', dt: '2026-03-08' }],
    });
    const { QueryExecutionIds: ids = [] } = await athena.send(
      new ListQueryExecutionsCommand({ WorkGroup: WORK_GROUP }),
    );
    expect(ids).toHaveLength(1);
    const { QueryExecution: q } = await athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: ids[0] }),
    );
    expect(q?.ExecutionParameters).toStrictEqual([
      "'2026-03-08'",
      "'2026-03-10'",
    ]);
    expect(q?.Query).toContain('only_in_archive');
  });
});
