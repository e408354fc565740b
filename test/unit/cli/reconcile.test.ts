import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';
import { memoryIo } from '../../helpers/cli-io';
import {
  normalizeIntoLake,
  useTempLake,
} from '../../helpers/normalize-into-lake';
import {
  blastengineLogRow,
  blastengineWebhook,
  cmcBounce,
  cmcWebhook,
  mailgunItem,
  mailgunPage,
  mailgunWebhook,
} from '../../helpers/paired-payloads';

const lakeDir = useTempLake('mailtrail-reconcile-');

/** Stores a payload in the lake as `mailtrail normalize --lake` does. */
const ingest = (provider: string, payload: object, ...extra: string[]) =>
  normalizeIntoLake(lakeDir(), provider, payload, ...extra);

async function reconcile(...args: string[]) {
  const io = memoryIo();
  const code = await main(['reconcile', '--lake', lakeDir(), ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function ledger(...args: string[]) {
  const { code, out, err } = await reconcile('--format', 'json', ...args);
  expect(code, err).toBe(0);
  return out
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

/** A ledger row: [webhook, archive, only_in_archive, only_in_webhook]. */
function row(
  provider: string,
  dt: string,
  [webhook, archive, onlyArchive, onlyWebhook]: number[],
  coverage: boolean,
) {
  return {
    provider,
    dt,
    webhook_events: webhook,
    archive_events: archive,
    only_in_archive: onlyArchive,
    only_in_webhook: onlyWebhook,
    coverage,
  };
}

const DELIVERED = mailgunItem('mg-1', 'delivered', 1773454202.537);
const OPENED = mailgunItem('mg-2', 'opened', 1773454500.25);

describe('mailtrail reconcile', () => {
  it('counts the event the webhooks missed: one webhook event, an archive page with it and another', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    await ingest('mailgun', mailgunPage([DELIVERED, OPENED]));
    // Act
    const rows = await ledger();
    // Assert
    expect(rows).toStrictEqual([
      row('mailgun', '2026-03-14', [1, 2, 1, 0], false),
    ]);
  });

  it('lists the missed event_ids with --details', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    await ingest('mailgun', mailgunPage([DELIVERED, OPENED]));
    const normalized = memoryIo();
    const file = join(lakeDir(), 'opened.json');
    await writeFile(file, JSON.stringify(mailgunWebhook(OPENED)));
    await main(['normalize', '--provider', 'mailgun', file], normalized);
    const openedId = JSON.parse(normalized.out()).event_id;
    // Act
    const rows = await ledger('--details');
    // Assert
    expect(rows).toStrictEqual([
      {
        provider: 'mailgun',
        dt: '2026-03-14',
        missing: 'only_in_archive',
        event_id: openedId,
        event_type: 'opened',
        recipient: 'hanako.yamada@example.com',
        occurred_at: '2026-03-14T02:15:00.250Z',
      },
    ]);
  });

  it('counts webhook duplicates once and marks a day covered once the archive reached a later day', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    await ingest('mailgun', mailgunWebhook(OPENED));
    await ingest('mailgun', mailgunPage([DELIVERED]));
    const nextDay = mailgunItem('mg-3', 'delivered', 1773454202.5 + 86_400);
    await ingest('mailgun', mailgunPage([nextDay]));
    // Act
    const rows = await ledger('--to', '2026-03-14');
    // Assert
    expect(rows).toStrictEqual([
      row('mailgun', '2026-03-14', [2, 1, 0, 1], true),
    ]);
  });

  it('matches blastengine copies within the tolerance and ignores types its webhook never sends', async () => {
    // Arrange: the webhook's HARDERROR is the log's 66 s later; the DROP
    // and the far HARDERROR never reached the webhook; SENT never does.
    await ingest('blastengine', blastengineWebhook());
    await ingest('blastengine', {
      data: [
        blastengineLogRow('no-such-user@example.jp', 'HARDERROR', 901204),
        blastengineLogRow('old.user@example.jp', 'DROP', 901203),
        blastengineLogRow('late@example.jp', 'HARDERROR', 901202),
        blastengineLogRow('fine@example.jp', 'SENT', 901201),
      ],
    });
    await ingest(
      'blastengine',
      blastengineWebhook('2026-03-14T12:30:04+09:00'),
    );
    // Act
    const rows = await ledger();
    // Assert: the second webhook is an hour from any log row.
    expect(rows).toStrictEqual([
      row('blastengine', '2026-03-14', [2, 3, 2, 1], false),
    ]);
  });

  it('matches across midnight at the edge of the range', async () => {
    // Arrange: 23:59:00Z on the 14th by webhook, 00:04:00Z on the 15th in the log.
    await ingest(
      'blastengine',
      blastengineWebhook('2026-03-15T08:59:00+09:00'),
    );
    await ingest('blastengine', {
      data: [
        blastengineLogRow(
          'no-such-user@example.jp',
          'HARDERROR',
          901204,
          '2026-03-15T09:04:00+09:00',
        ),
      ],
    });
    // Act
    const rows = await ledger('--from', '2026-03-14', '--to', '2026-03-14');
    // Assert
    expect(rows).toStrictEqual([
      expect.objectContaining({
        provider: 'blastengine',
        dt: '2026-03-14',
        webhook_events: 1,
        archive_events: 0,
        only_in_webhook: 0,
        coverage: true,
      }),
    ]);
  });

  it('pairs CMC webhook and API records by event_id; SES has no archive and no row', async () => {
    // Arrange
    await ingest('cmc', cmcWebhook('bounces', [cmcBounce()]));
    await ingest('cmc', {
      bounces: [cmcBounce(), cmcBounce('other@example.jp')],
    });
    // Act
    const rows = await ledger();
    // Assert
    expect(rows).toStrictEqual([row('cmc', '2026-03-14', [1, 2, 1, 0], false)]);
  });

  it('prints a table by default and CSV with a header', async () => {
    // Arrange
    await ingest('mailgun', mailgunWebhook(DELIVERED));
    // Act
    const table = await reconcile();
    const csv = await reconcile('--format', 'csv');
    // Assert
    expect(table.out.split('\n')[0]).toMatch(
      /^provider\s+dt\s+webhook_events\s+archive_events\s+only_in_archive\s+only_in_webhook\s+coverage$/,
    );
    expect(table.err).toBe('(1 day)\n');
    expect(csv.out).toBe(
      'provider,dt,webhook_events,archive_events,only_in_archive,only_in_webhook,coverage\n' +
        'mailgun,2026-03-14,1,0,0,1,false\n',
    );
  });

  it.each([
    [['--from', '2026-02-30'], '--from must be a day as YYYY-MM-DD'],
    [['--to', '14-03-2026'], '--to must be a day as YYYY-MM-DD'],
    [['--from', '2026-03-15', '--to', '2026-03-14'], '--from is after --to'],
    [['--format', 'xml'], '--format must be table, json, csv; got "xml"'],
  ])('refuses %j with a clear line', async (args, message) => {
    // Act
    const { code, out, err } = await reconcile(...args);
    // Assert
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(message);
  });

  it('says the lake is empty', async () => {
    // Act
    const { code, err } = await reconcile();
    // Assert
    expect(code).toBe(1);
    expect(err).toContain('no events in');
  });
});
