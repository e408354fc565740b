import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileArchiveStore,
  FileCursorStore,
} from '../../../adapters/local/file-stores';
import { CursorConflictError } from '../../../app/archive/errors';
import { parseBackfill } from '../../../cli/backfill/options';
import {
  progressLine,
  progressReporter,
  summaryLine,
} from '../../../cli/backfill/progress';
import { main } from '../../../cli/main';
import { memoryIo } from '../../helpers/cli-io';
import {
  FAKE_CREDENTIALS,
  FAKE_MAILGUN_DOMAIN,
} from '../../helpers/fake-providers';
import { filesUnder } from '../../helpers/files-under';
import { useFakeProviders } from '../../helpers/use-fake-providers';

const CMC_ENV = {
  MAILTRAIL_CMC_API_USER: FAKE_CREDENTIALS.cmc.apiUser,
  MAILTRAIL_CMC_API_KEY: FAKE_CREDENTIALS.cmc.apiKey,
};
const DAY = ['--since', '2026-03-14', '--until', '2026-03-14'];
const fake = useFakeProviders();
let lake: string;

beforeEach(async () => {
  lake = await mkdtemp(join(tmpdir(), 'mailtrail-backfill-'));
});
afterEach(async () => {
  await rm(lake, { recursive: true, force: true });
});

describe('mailtrail backfill', () => {
  const cmcArgs = (...extra: string[]) => [
    'backfill',
    '--provider',
    'cmc',
    ...DAY,
    '--lake',
    lake,
    '--base-url',
    fake.cmcUrl,
    ...extra,
  ];

  it('writes CMC pages of the --lists, events and a cursor into the local lake', async () => {
    // Arrange
    const io = memoryIo(CMC_ENV);
    // Act
    const code = await main(
      cmcArgs('--lists', 'deliveries,bounces,blocks'),
      io,
    );
    // Assert
    const files = await filesUnder(lake);
    expect(code).toBe(0);
    expect(files.filter((f) => f.startsWith('archive/'))).toStrictEqual([
      'archive/_cursors/backfill/cmc-2026-03-14-2026-03-14.json',
      'archive/cmc/blocks/dt=2026-03-14/p0000.json.gz',
      'archive/cmc/bounces/dt=2026-03-14/p0000.json.gz',
      'archive/cmc/deliveries/dt=2026-03-14/p0000.json.gz',
    ]);
    expect(
      files.some((f) =>
        /^events\/provider=cmc\/dt=2026-03-14\/.+\.parquet$/.test(f),
      ),
    ).toBe(true);
  });

  it('prints plain progress lines on stderr and a summary on stdout', async () => {
    // Arrange
    const io = memoryIo(CMC_ENV);
    // Act
    await main(cmcArgs(), io);
    // Assert
    expect(io.err().split('\n')[0]).toMatch(
      /^pages 1 · rows 0 · events 0 · \d+\.\d s$/,
    );
    expect(io.out()).toMatch(
      new RegExp(
        `^backfill cmc: complete — 2 pages, 6 rows, 6 events in \\d+\\.\\d s; written to ${lake}\\n$`,
      ),
    );
  });

  it('has nothing left to do when run again', async () => {
    // Arrange
    await main(cmcArgs(), memoryIo(CMC_ENV));
    fake.reset();
    const io = memoryIo(CMC_ENV);
    // Act
    const code = await main(cmcArgs(), io);
    // Assert
    expect([code, fake.requests.length]).toStrictEqual([0, 0]);
    expect(io.out()).toContain('complete — 0 pages, 0 rows, 0 events');
  });

  it('backfills a Mailgun domain', async () => {
    // Arrange
    const io = memoryIo({
      MAILTRAIL_MAILGUN_API_KEY: FAKE_CREDENTIALS.mailgun.apiKey,
    });
    const args = [
      'backfill',
      '--provider',
      'mailgun',
      ...DAY,
      '--domain',
      FAKE_MAILGUN_DOMAIN,
      '--lake',
      lake,
      '--base-url',
      fake.mailgunUrl,
    ];
    // Act
    const code = await main(args, io);
    // Assert
    const files = await filesUnder(join(lake, 'archive', 'mailgun'));
    expect([code, files.filter((f) => f.includes('/events/'))]).toStrictEqual([
      0,
      [
        'mg.example.com/events/dt=2026-03-14/1773446400-1773532800-p0001.json.gz',
      ],
    ]);
  });

  it('reports refused credentials in one line without the key', async () => {
    // Arrange
    const io = memoryIo({
      ...CMC_ENV,
      MAILTRAIL_CMC_API_KEY: 'wrong-key-do-not-print',
    });
    // Act
    const code = await main(cmcArgs(), io);
    // Assert
    expect(code).toBe(1);
    expect(io.err()).toMatch(
      /mailtrail backfill: cmc API refused the credentials \(HTTP 401\)/,
    );
    expect(io.err()).not.toContain('wrong-key-do-not-print');
    expect(io.out()).toBe('');
  });

  it('names the missing credential variables', async () => {
    // Arrange
    const io = memoryIo({});
    // Act
    const code = await main(cmcArgs(), io);
    // Assert
    expect([code, io.err()]).toStrictEqual([
      1,
      'mailtrail backfill: set MAILTRAIL_CMC_API_USER and MAILTRAIL_CMC_API_KEY in the environment (see mailtrail help backfill)\n',
    ]);
  });
});

describe('mailtrail backfill --bucket --events-stream', () => {
  const bucketArgs = (...extra: string[]) => [
    'backfill',
    '--provider',
    'cmc',
    ...DAY,
    '--bucket',
    'mailtrail-lake',
    '--events-stream',
    'mailtrail-events',
    '--base-url',
    fake.cmcUrl,
    ...extra,
  ];

  it('is refused without --recipients, before any provider call', async () => {
    // Arrange
    const io = memoryIo(CMC_ENV);
    // Act
    const code = await main(bucketArgs(), io);
    // Assert
    expect([code, io.err(), io.out()]).toStrictEqual([
      1,
      "mailtrail backfill: --bucket with --events-stream needs --recipients hashed or --recipients plain (the deployment's privacy.hashRecipients) (see mailtrail help backfill)\n",
      '',
    ]);
    expect(fake.requests).toStrictEqual([]);
  });

  it('plans the key secret only for hashed recipients', () => {
    // Arrange
    const args = (r: string, ...extra: string[]) =>
      bucketArgs('--recipients', r, ...extra).slice(1);
    // Act
    const targets = [
      parseBackfill(args('plain'), CMC_ENV, '2026-11-20').target,
      parseBackfill(
        args('hashed', '--key-secret', 'k/1'),
        CMC_ENV,
        '2026-11-20',
      ).target,
    ];
    // Assert
    expect(
      targets.map((t) => t.kind === 'bucket' && t.keySecret),
    ).toStrictEqual([undefined, 'k/1']);
  });
});

describe('parseBackfill', () => {
  const today = '2026-11-20';
  const parse =
    (args: string[], env: NodeJS.ProcessEnv = CMC_ENV) =>
    () =>
      parseBackfill(args, env, today);

  it.each([
    [
      ['--provider', 'ses', '--since', '2026-03-01'],
      '--provider must be blastengine, mailgun or cmc',
    ],
    [['--provider', 'cmc'], '--since YYYY-MM-DD is required'],
    [
      ['--provider', 'cmc', '--since', '2026-3-1'],
      '--since YYYY-MM-DD is required',
    ],
    [
      ['--provider', 'cmc', '--since', '2026-03-01', '--until', 'x'],
      '--until must be YYYY-MM-DD',
    ],
    [
      ['--provider', 'cmc', '--since', '2026-03-02', '--until', '2026-03-01'],
      '--since must not be after --until',
    ],
    [
      ['--provider', 'cmc', '--since', '2026-12-01', '--until', '2026-12-02'],
      '--since is in the future',
    ],
    [
      [
        '--provider',
        'cmc',
        '--since',
        '2026-03-01',
        '--lake',
        'a',
        '--bucket',
        'b',
      ],
      'use --lake or --bucket, not both',
    ],
    [
      [
        '--provider',
        'cmc',
        '--since',
        '2026-03-01',
        '--bucket',
        'b',
        '--events-stream',
        's',
        '--recipients',
        'hmac',
      ],
      '--bucket with --events-stream needs --recipients hashed or --recipients plain',
    ],
    [
      [
        '--provider',
        'cmc',
        '--since',
        '2026-03-01',
        '--bucket',
        'b',
        '--recipients',
        'plain',
      ],
      '--recipients applies to --bucket with --events-stream only',
    ],
    [
      ['--provider', 'cmc', '--since', '2026-03-01', '--timezone', 'Mars/Base'],
      'unknown timezone "Mars/Base"',
    ],
    [
      ['--provider', 'cmc', '--since', '2026-03-01', '--lists', 'deliveries,x'],
      '--lists: unknown CMC list "x"',
    ],
    [
      [
        '--provider',
        'cmc',
        '--since',
        '2026-03-01',
        '--lists',
        'blocks,blocks',
      ],
      '--lists: CMC lists must not repeat',
    ],
  ])('rejects %j', (args, message) => {
    // Act / Assert
    expect(parse(args)).toThrow(message);
  });

  it('requires a domain and a known region for mailgun', () => {
    // Arrange
    const env = { MAILTRAIL_MAILGUN_API_KEY: 'k' };
    const base = ['--provider', 'mailgun', '--since', '2026-03-01'];
    // Act / Assert
    expect(parse(base, env)).toThrow('--domain is required for mailgun');
    expect(
      parse([...base, '--domain', 'd', '--mailgun-region', 'ap'], env),
    ).toThrow('--mailgun-region must be us or eu');
  });

  it.each([
    [[], ['deliveries', 'bounces']],
    [
      ['--lists', 'blocks,deliveries'],
      ['deliveries', 'blocks'],
    ],
  ])('builds the CMC job with %j as lists %j', (flags, lists) => {
    // Act
    const opts = parseBackfill(
      ['--provider', 'cmc', '--since', '2026-03-01', ...flags],
      CMC_ENV,
      today,
    );
    // Assert
    expect(opts.job).toStrictEqual({
      provider: 'cmc',
      window: { since: '2026-03-01', until: today },
      baseUrl: undefined,
      credentials: FAKE_CREDENTIALS.cmc,
      serverComposition: 'pro',
      timezone: 'Asia/Tokyo',
      lists,
    });
  });

  it('builds the blastengine job with reports unless told otherwise', () => {
    // Arrange
    const env = {
      MAILTRAIL_BLASTENGINE_LOGIN_ID: 'l',
      MAILTRAIL_BLASTENGINE_API_KEY: 'k',
    };
    // Act
    const opts = parseBackfill(
      [
        '--provider',
        'blastengine',
        '--since',
        '2026-03-01',
        '--no-reports',
        '--bucket',
        'lake',
        '--events-stream',
        'ev',
        '--recipients',
        'hashed',
      ],
      env,
      today,
    );
    // Assert
    expect(opts).toStrictEqual({
      format: 'table',
      target: {
        kind: 'bucket',
        bucket: 'lake',
        eventsStream: 'ev',
        region: undefined,
        keySecret: 'mailtrail/privacy/recipient-key',
      },
      job: {
        provider: 'blastengine',
        window: { since: '2026-03-01', until: today },
        baseUrl: undefined,
        credentials: { loginId: 'l', apiKey: 'k' },
        reports: false,
      },
    });
  });
});

describe('backfill progress', () => {
  const p = { objects: 2, rows: 30, events: 31, elapsedMs: 1250 };

  it('rewrites one line on a TTY and ends it when done', () => {
    // Arrange
    const stream = Object.assign(new PassThrough(), { isTTY: true });
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    const reporter = progressReporter(stream);
    // Act
    reporter.update(p);
    reporter.update({ ...p, objects: 3 });
    reporter.done();
    // Assert
    expect(chunks).toStrictEqual([
      '\r\x1b[2Kpages 2 · rows 30 · events 31 · 1.3 s',
      '\r\x1b[2Kpages 3 · rows 30 · events 31 · 1.3 s',
      '\n',
    ]);
  });

  it('summarizes rows that could not be normalized', () => {
    // Act
    const line = summaryLine(
      {
        provider: 'cmc',
        outcome: 'complete',
        objects: 1,
        rows: 5,
        events: 4,
        normalizeErrors: 1,
        elapsedMs: 100,
      },
      '/lake',
    );
    // Assert
    expect([progressLine(p), line]).toStrictEqual([
      'pages 2 · rows 30 · events 31 · 1.3 s',
      'backfill cmc: complete — 1 pages, 5 rows, 4 events, 1 rows not normalized in 0.1 s; written to /lake',
    ]);
  });
});

describe('file stores', () => {
  it('refuses a cursor save from a stale version', async () => {
    // Arrange
    const store = new FileCursorStore(lake);
    const first = await store.save('cmc', { a: 1 }, null);
    await store.save('cmc', { a: 2 }, first);
    // Act
    const stale = store.save('cmc', { a: 3 }, first);
    // Assert
    await expect(stale).rejects.toBeInstanceOf(CursorConflictError);
    expect(await store.load('cmc')).toMatchObject({ value: { a: 2 } });
  });

  it('overwrites an archive page written twice', async () => {
    // Arrange
    const store = new FileArchiveStore(lake);
    await store.putObject('archive/x/p.json.gz', Buffer.from('one'));
    // Act
    await store.putObject('archive/x/p.json.gz', Buffer.from('two'));
    // Assert
    expect([
      await filesUnder(lake),
      await readFile(join(lake, 'archive/x/p.json.gz'), 'utf8'),
    ]).toStrictEqual([['archive/x/p.json.gz'], 'two']);
  });
});
