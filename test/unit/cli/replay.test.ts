import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { replayLocal } from '../../../cli/commands/replay';
import { queryLake } from '../../../cli/lake/query';
import { main } from '../../../cli/main';
import { normalizeRawRecord } from '../../../core/raw-replay';
import { memoryIo } from '../../helpers/cli-io';
import {
  normalizeIntoLake,
  useTempLake,
} from '../../helpers/normalize-into-lake';
import {
  cmcDelivery,
  cmcWebhook,
  mailgunItem,
  mailgunPage,
  mailgunWebhook,
} from '../../helpers/paired-payloads';

const lakeDir = useTempLake('mailtrail-replay-');

const ingest = (provider: string, payload: object, ...extra: string[]) =>
  normalizeIntoLake(lakeDir(), provider, payload, ...extra);

async function dedup() {
  const { rows } = await queryLake(lakeDir(), {
    sql:
      'SELECT provider, COUNT(*) AS n, COUNT(DISTINCT diagnostic) AS kinds, ' +
      'MIN(diagnostic) AS diagnostic FROM events_dedup GROUP BY provider ORDER BY provider',
  });
  return rows;
}

/** Every file under raw/ with a digest of its bytes. */
async function rawSnapshot() {
  const dir = join(lakeDir(), 'raw');
  const files = (await readdir(dir, { recursive: true })).sort();
  const out: Record<string, string> = {};
  for (const f of files) {
    const bytes = await readFile(join(dir, f)).catch(() => null);
    if (bytes) out[f] = createHash('sha256').update(bytes).digest('hex');
  }
  return out;
}

async function replay(args: string[], fixed = false) {
  const io = memoryIo();
  const code = await replayLocal(
    ['--lake', lakeDir(), ...args],
    io,
    fixed
      ? (record, options) =>
          normalizeRawRecord(record, options).map((e) => ({
            ...e,
            diagnostic: 'normalizer v2',
          }))
      : undefined,
  );
  return { code, out: io.out(), err: io.err() };
}

const DELIVERED = mailgunItem('mg-1', 'delivered', 1773454202.537);
const OPENED = mailgunItem('mg-2', 'opened', 1773454500.25);

describe('mailtrail replay', () => {
  it('rewrites the events after a normalizer change; the dedup count stays the same, twice', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    await ingest('mailgun', mailgunPage([DELIVERED, OPENED]));
    await ingest('cmc', cmcWebhook('deliveries', [cmcDelivery()]));
    const before = await dedup();
    const raw = await rawSnapshot();
    // Act
    const first = await replay([], true);
    const afterFirst = await dedup();
    const second = await replay([], true);
    // Assert
    expect(before).toStrictEqual([
      { provider: 'cmc', n: 1, kinds: 0, diagnostic: null },
      { provider: 'mailgun', n: 2, kinds: 1, diagnostic: 'OK' },
    ]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain('raw objects  4\nraw records  4\n');
    expect(first.out).toContain('events       5; 5 events written to');
    expect(afterFirst).toStrictEqual([
      { provider: 'cmc', n: 1, kinds: 1, diagnostic: 'normalizer v2' },
      { provider: 'mailgun', n: 2, kinds: 1, diagnostic: 'normalizer v2' },
    ]);
    expect(second.code).toBe(0);
    expect(await dedup()).toStrictEqual(afterFirst);
    expect(await rawSnapshot()).toStrictEqual(raw);
  });

  it('counts and lists records that fail to normalize, and replays the rest', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    const dir = join(lakeDir(), 'raw', 'provider=mailgun', 'dt=2026-03-14');
    await mkdir(dir, { recursive: true });
    const bad = JSON.stringify({
      kind: 'raw',
      provider: 'mailgun',
      received_at: '2026-03-14T03:00:00.000Z',
      source: 'webhook',
      reason: null,
      content_type: 'application/json',
      body: '{"event-data":{"event":"delivered"}}',
      body_encoding: 'utf8',
      request_id: null,
    });
    await writeFile(
      join(dir, 'a-bad.ndjson.gz'),
      await promisify(gzip)(`${bad}\n{not json\n`),
    );
    await writeFile(join(dir, 'b-corrupt.ndjson.gz'), 'not gzip');
    // Act
    const result = await replay(['--provider', 'mailgun']);
    // Assert
    expect(result.code).toBe(1);
    expect(result.out).toContain('raw records  3\n');
    expect(result.out).toContain('events       1; 1 events written to');
    expect(result.out).toContain('failed       3\n');
    const base = 'raw/provider=mailgun/dt=2026-03-14';
    expect(result.out).toContain(
      `  ${base}/a-bad.ndjson.gz#1: mailgun event-data`,
    );
    expect(result.out).toContain(
      `  ${base}/a-bad.ndjson.gz#2: raw record is not JSON`,
    );
    expect(result.out).toContain(`  ${base}/b-corrupt.ndjson.gz: `);
  });

  it('writes nothing on a dry run and filters by provider and received day', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    await ingest('cmc', cmcWebhook('deliveries', [cmcDelivery()]));
    const events = async () =>
      (await readdir(join(lakeDir(), 'events'), { recursive: true })).filter(
        (f) => f.endsWith('.parquet'),
      ).length;
    const files = await events();
    const today = new Date().toISOString().slice(0, 10);
    // Act
    const dry = await replay(['--dry-run', '--provider', 'cmc']);
    const none = await replay(['--to', '2020-01-01']);
    const todays = await replay(['--dry-run', '--from', today, '--to', today]);
    // Assert
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('raw objects  1\n');
    expect(dry.out).toContain('events       1; nothing written (dry run)');
    expect(none.out).toContain('raw objects  0\n');
    expect(todays.out).toContain('raw objects  2\n');
    expect(await events()).toBe(files);
  });

  it('shows progress on a terminal', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    const io = memoryIo();
    Object.assign(io.stderr, { isTTY: true });
    // Act
    const code = await replayLocal(['--lake', lakeDir(), '--dry-run'], io);
    // Assert
    expect(code).toBe(0);
    expect(io.err()).toBe(
      '\rreplay: 1 objects, 1 records, 1 events, 0 failed\n',
    );
  });

  it.each([
    [['--provider', 'sendgrid'], 'unknown provider "sendgrid"'],
    [['--from', '2026-13-01'], '--from must be a day as YYYY-MM-DD'],
    [['--timezone', 'Mars/Base'], 'Mars/Base'],
  ])('refuses %j with a clear line', async (args, message) => {
    // Act
    const io = memoryIo();
    const code = await main(['replay', '--lake', lakeDir(), ...args], io);
    // Assert
    expect(code).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toContain(message);
  });

  it.each([
    [
      ['--bucket', 'b'],
      '--bucket needs --recipients hashed or --recipients plain',
    ],
    [['--bucket', 'b', '--recipients', 'sha'], '--bucket needs --recipients'],
    [['--recipients', 'plain'], '--recipients applies to --bucket only'],
  ])('refuses %j before touching AWS', async (args, message) => {
    const io = memoryIo();
    const code = await main(['replay', ...args], io);
    expect(code).toBe(1);
    expect(io.err()).toContain(message);
  });

  it('refuses --lake with --bucket', async () => {
    const io = memoryIo();
    const code = await main(
      ['replay', '--lake', lakeDir(), '--bucket', 'b', '--recipients', 'plain'],
      io,
    );
    expect(code).toBe(1);
    expect(io.err()).toContain('give --lake or --bucket, not both');
  });
});
