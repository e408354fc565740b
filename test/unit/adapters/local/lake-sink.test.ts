import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalLakeSink, sqlString } from '../../../../adapters/local/lake-sink';
import { EmptyLakeError, queryLake, toPlain } from '../../../../cli/lake/query';
import { buildEvent } from '../../../../core/providers/common';
import { findNamedQuery } from '../../../../core/queries/named-queries';
import type { RawRecord } from '../../../../core/raw-record';
import { DATA_COLUMNS, type EmailEvent } from '../../../../core/schema';
import { filesUnder } from '../../../helpers/files-under';

let lake: string;
let sink: LocalLakeSink;

function event(
  overrides: { receivedAt?: string; diagnostic?: string; id?: string } = {},
): EmailEvent {
  return buildEvent(
    {
      provider: 'mailgun',
      idParts: [overrides.id ?? 'm1'],
      eventType: 'bounced',
      bounceType: 'hard',
      occurredAt: '2026-03-14T23:59:59.999Z',
      recipient: 'a@example.com',
      sender: 'news@mg.example.com',
      smtpCode: 550,
      diagnostic: overrides.diagnostic ?? 'first',
      providerEvent: 'failed',
      tags: { campaign: 'spring', 'mailgun:tags': 'news' },
    },
    {
      receivedAt: overrides.receivedAt ?? '2026-03-15T00:00:00.000Z',
      source: 'webhook',
    },
  );
}

function raw(kind: RawRecord['kind'], body: string): RawRecord {
  return {
    kind,
    provider: 'cmc',
    received_at: '2026-03-15T01:02:03.004Z',
    source: 'webhook',
    reason: kind === 'rejected' ? 'malformed' : null,
    content_type: 'application/json',
    body,
    body_encoding: 'utf8',
    request_id: null,
  };
}

beforeEach(async () => {
  lake = await mkdtemp(join(tmpdir(), 'mailtrail-sink-'));
  sink = new LocalLakeSink(lake);
});

afterEach(async () => {
  sink.close();
  await rm(lake, { recursive: true, force: true });
});

describe('LocalLakeSink.putEvents', () => {
  it('writes Parquet under events/provider=<p>/dt=<UTC day of occurred_at>/', async () => {
    // Act
    await sink.putEvents([event()]);
    // Assert
    const files = await filesUnder(lake);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(
      /^events\/provider=mailgun\/dt=2026-03-14\/part-[0-9a-f-]{36}\.parquet$/,
    );
  });

  it('adds new files on every write, never overwriting', async () => {
    // Act
    await sink.putEvents([event()]);
    await sink.putEvents([event()]);
    // Assert
    expect(await filesUnder(lake)).toHaveLength(2);
  });

  it('keeps the partition keys out of the files, like Firehose does', async () => {
    // Arrange
    await sink.putEvents([event()]);
    const [file] = await filesUnder(lake);
    // Act
    const { rows } = await queryLake(lake, {
      sql: `DESCRIBE SELECT * FROM read_parquet(${sqlString(join(lake, file!))}, hive_partitioning = false)`,
    });
    // Assert
    expect(rows.map((r) => r.column_name)).toStrictEqual(
      DATA_COLUMNS.map((c) => c.name),
    );
  });

  it('reads every field back unchanged, tags as a map', async () => {
    // Arrange
    const written = event();
    await sink.putEvents([written]);
    // Act
    const { rows } = await queryLake(lake, {
      sql: 'SELECT * EXCLUDE (dt) FROM events',
    });
    // Assert
    expect(rows).toStrictEqual([written]);
  });

  it('writes nothing for no events', async () => {
    // Act
    await sink.putEvents([]);
    // Assert
    expect(await filesUnder(lake)).toStrictEqual([]);
  });
});

describe('LocalLakeSink.putRaw', () => {
  it('writes gzip NDJSON under raw/ and rejected/ by received day', async () => {
    // Arrange
    const records = [
      raw('raw', '{"a":1}'),
      raw('rejected', 'nope'),
      raw('raw', '{}'),
    ];
    // Act
    await sink.putRaw(records);
    // Assert
    const files = await filesUnder(lake);
    expect(files.map((f) => f.replace(/[^/]+$/, ''))).toStrictEqual([
      'raw/provider=cmc/dt=2026-03-15/',
      'rejected/provider=cmc/dt=2026-03-15/',
    ]);
    expect(files[0]).toMatch(/\.ndjson\.gz$/);
    const text = gunzipSync(await readFile(join(lake, files[0]!))).toString();
    expect(text).toBe(
      `${JSON.stringify(records[0])}\n${JSON.stringify(records[2])}\n`,
    );
  });
});

describe('queryLake', () => {
  it('keeps the latest received_at of an event_id in events_dedup', async () => {
    // Arrange
    await sink.putEvents([
      event({ receivedAt: '2026-03-15T00:00:09.000Z', diagnostic: 'later' }),
    ]);
    await sink.putEvents([
      event({ receivedAt: '2026-03-15T00:00:01.000Z', diagnostic: 'earlier' }),
    ]);
    // Act
    const { rows } = await queryLake(lake, {
      sql: 'SELECT diagnostic, provider, dt FROM events_dedup',
    });
    // Assert
    expect(rows).toStrictEqual([
      { diagnostic: 'later', provider: 'mailgun', dt: '2026-03-14' },
    ]);
  });

  it('binds $parameters in raw SQL', async () => {
    // Arrange
    await sink.putEvents([event({ id: 'x' }), event({ id: 'y' })]);
    // Act
    const { columns, rows } = await queryLake(lake, {
      sql: 'SELECT count(*) AS n FROM events WHERE recipient = $r',
      params: { r: 'a@example.com' },
    });
    // Assert
    expect({ columns, rows }).toStrictEqual({
      columns: ['n'],
      rows: [{ n: 2 }],
    });
  });

  it('says the lake is empty when nothing was ingested', async () => {
    // Act
    const act = queryLake(lake, { sql: 'SELECT 1' });
    // Assert
    await expect(act).rejects.toStrictEqual(new EmptyLakeError(lake));
    await expect(act).rejects.toThrow(`no events in ${lake} yet`);
  });

  it('rejects a parameter the named query does not declare', async () => {
    // Arrange
    await sink.putEvents([event()]);
    // Act
    const act = queryLake(lake, {
      named: findNamedQuery('daily-rates')!,
      params: { since: '2026-03-01', nope: '1' },
    });
    // Assert
    await expect(act).rejects.toThrow('daily-rates: unknown parameter "nope"');
  });
});

describe('toPlain', () => {
  it('turns a BIGINT beyond 2^53 into a string', () => {
    // Act / Assert
    expect(toPlain(2n ** 60n)).toBe('1152921504606846976');
  });
});
