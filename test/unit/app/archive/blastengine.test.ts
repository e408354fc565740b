import { describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../../../app/archive/errors';
import {
  type ArchiveJob,
  runArchive,
} from '../../../../app/archive/run-archive';
import { EmailEventSchema } from '../../../../core/schema';
import { archiveEnv, rerunEnv } from '../../../helpers/archive-env';
import {
  backfillAsked,
  expectCredentialsRefused,
} from '../../../helpers/archive-expect';
import {
  FAKE_CREDENTIALS,
  type FakeRequest,
} from '../../../helpers/fake-providers';
import { useFakeProviders } from '../../../helpers/use-fake-providers';

const NOW = '2026-03-16T00:00:00Z';
const PAGE1 =
  'archive/blastengine/logs/dt=2026-03-14/anchor=901205-901203.json.gz';
const DETAILS1 =
  'archive/blastengine/logs/dt=2026-03-14/anchor=901205-901203.details.json.gz';
const PAGE2 =
  'archive/blastengine/logs/dt=2026-03-14/anchor=901202-901201.json.gz';
/** Every log key, sorted as store.keys() lists them. */
const ALL = [PAGE2, DETAILS1, PAGE1];
const fake = useFakeProviders();

const job = (patch: Partial<ArchiveJob> = {}): ArchiveJob =>
  ({
    provider: 'blastengine',
    credentials: FAKE_CREDENTIALS.blastengine,
    baseUrl: fake.blastengineUrl,
    reports: false,
    ...patch,
  }) as ArchiveJob;
const isLogs = (r: FakeRequest) => r.path === '/be/logs/mails/results';
const anchors = () =>
  fake.requests.filter(isLogs).map((r) => r.query.get('anchor'));
const onPage2 = (r: FakeRequest) =>
  isLogs(r) && r.query.get('anchor') === '901203';

describe('blastengine log archiver', () => {
  it('pages down by anchor until the empty page and writes every page', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    // Act
    const summary = await runArchive(job(), env);
    // Assert
    expect(anchors()).toStrictEqual([null, '901203', '901201']);
    expect(store.keys()).toStrictEqual(ALL);
    expect(cursors.get('blastengine')).toStrictEqual({
      version: 1,
      highWater: 901205,
      walk: null,
      reports: { watermark: null, doneAtWatermark: [], pending: [] },
    });
    expect(summary).toMatchObject({
      outcome: 'complete',
      objects: 3,
      rows: 5,
      events: 6,
    });
  });

  it('asks only for settled logs, delivered until 24 hours ago', async () => {
    // Arrange
    const { env } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    const first = fake.requests.find(isLogs)!;
    expect([
      first.query.get('delivery_end'),
      first.query.get('count'),
    ]).toStrictEqual(['2026-03-15T00:00:00+00:00', '1000']);
  });

  it('stores the raw rows and the details of failed rows beside them', async () => {
    // Arrange
    const { env, store } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    const page = store.json(PAGE1) as { data: { maillog_id: number }[] };
    const details = store.json(DETAILS1) as {
      details: { maillog_id: number; status: string }[];
    };
    expect([
      page.data.map((r) => r.maillog_id),
      details.details.map((d) => [d.maillog_id, d.status]),
    ]).toStrictEqual([
      [901205, 901204, 901203],
      [
        [901205, 'SOFTERROR'],
        [901204, 'HARDERROR'],
        [901203, 'DROP'],
      ],
    ]);
  });

  it('records a detail that is gone instead of failing the walk', async () => {
    // Arrange
    const { env, store } = archiveEnv(NOW);
    fake.fail({
      match: (r) => r.path === '/be/logs/mails/901204',
      status: 404,
      body: 'gone',
    });
    // Act
    const summary = await runArchive(job(), env);
    // Assert
    const details = store.json(DETAILS1) as { details: unknown[] };
    expect([summary.outcome, details.details[1]]).toStrictEqual([
      'complete',
      {
        maillog_id: 901204,
        error:
          'blastengine GET /be/logs/mails/901204 failed with HTTP 404: gone',
      },
    ]);
  });

  it('sends valid canonical events with source archive', async () => {
    // Arrange
    const { env, sink } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    expect(sink.events.map((e) => [e.event_type, e.source])).toStrictEqual([
      ['deferred', 'archive'],
      ['bounced', 'archive'],
      ['dropped', 'archive'],
      ['delivered', 'archive'],
      ['opened', 'archive'],
      ['deferred', 'archive'],
    ]);
    for (const e of sink.events) EmailEventSchema.parse(e);
  });

  it('keeps the cursor at the last written page when page 2 fails', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    fake.fail({ match: onPage2, status: 500, times: 5 });
    // Act
    const failure = runArchive(job(), env);
    // Assert
    await expect(failure).rejects.toBeInstanceOf(ProviderHttpError);
    expect(store.keys()).toStrictEqual([DETAILS1, PAGE1]);
    expect(cursors.get('blastengine')).toMatchObject({
      highWater: null,
      walk: { top: 901205, anchor: 901203 },
    });
  });

  it('resumes a failed run at its anchor with no gap and no duplicate', async () => {
    // Arrange
    const { env, store, sink } = archiveEnv(NOW);
    fake.fail({ match: onPage2, status: 500, times: 5 });
    await runArchive(job(), env).catch(() => undefined);
    fake.requests.length = 0;
    // Act
    await runArchive(job(), env);
    // Assert
    expect(anchors()).toStrictEqual(['901203', '901201']);
    expect(store.keys()).toStrictEqual(ALL);
    expect([...store.writes.values()]).toStrictEqual([1, 1, 1]);
    expect(new Set(sink.events.map((e) => e.event_id)).size).toBe(6);
  });

  it('writes nothing new when run again after completing', async () => {
    // Arrange
    const { env, store } = archiveEnv(NOW);
    await runArchive(job(), env);
    fake.requests.length = 0;
    // Act
    const summary = await runArchive(job(), env);
    // Assert
    expect([
      anchors(),
      summary.objects,
      [...store.writes.values()],
    ]).toStrictEqual([[null], 0, [1, 1, 1]]);
  });

  it('overwrites the same keys when run again from scratch', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    await runArchive(job(), env);
    cursors.cursors.clear();
    // Act
    await runArchive(job(), env);
    // Assert
    expect([store.keys(), [...store.writes.values()]]).toStrictEqual([
      ALL,
      [2, 2, 2],
    ]);
  });

  it('stops before the deadline and the next run resumes', async () => {
    // Arrange: enough time for one page only.
    const left = [300_000, 100_000];
    const { env, store, cursors } = archiveEnv(NOW, () => left.shift() ?? 0);
    // Act
    const first = await runArchive(job(), env);
    const second = await runArchive(
      job(),
      rerunEnv(env, { remainingMs: undefined }),
    );
    // Assert
    expect([first.outcome, first.objects, second.outcome]).toStrictEqual([
      'deadline',
      2,
      'complete',
    ]);
    expect(store.keys()).toStrictEqual(ALL);
    expect(cursors.get('blastengine')).toMatchObject({
      highWater: 901205,
      walk: null,
    });
  });

  it('reports refused credentials clearly and does not retry', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    const bad = { loginId: 'fake-login', apiKey: 'wrong-key-0001' };
    // Act
    const failure = runArchive(job({ credentials: bad }), env);
    // Assert
    await expectCredentialsRefused(
      failure,
      /^blastengine API refused the credentials \(HTTP 401\)/,
    );
    expect([
      fake.requests.length,
      store.keys(),
      cursors.cursors.size,
    ]).toStrictEqual([1, [], 0]);
  });

  it('backfills a window under its own cursor', async () => {
    // Arrange
    const { env, cursors } = archiveEnv(NOW);
    const window = { since: '2026-03-14', until: '2026-03-14' };
    // Act
    await runArchive(job({ window }), env);
    // Assert
    expect(
      backfillAsked(
        fake.requests,
        isLogs,
        ['delivery_start', 'delivery_end'],
        cursors,
      ),
    ).toStrictEqual([
      '2026-03-14T00:00:00+00:00',
      '2026-03-14T23:59:59+00:00',
      ['backfill/blastengine-2026-03-14-2026-03-14'],
    ]);
  });
});

describe('blastengine report archiver', () => {
  const reportKeys = [
    'archive/blastengine/reports/48100/7731.zip',
    'archive/blastengine/reports/48212/7732.zip',
  ];

  it('creates, polls and downloads reports of finished bulk deliveries', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    // Act
    await runArchive(job({ reports: true, reportWaitMs: 60_000 }), env);
    // Assert
    expect(store.keys('archive/blastengine/reports/')).toStrictEqual(
      reportKeys,
    );
    expect(store.objects.get(reportKeys[0]!)?.contentType).toBe(
      'application/zip',
    );
    expect(cursors.get('blastengine')).toMatchObject({
      reports: {
        watermark: '2026-03-14T02:31:10.000Z',
        doneAtWatermark: [48212],
        pending: [],
      },
    });
  });

  it('keeps unfinished job ids in the cursor and downloads them next run', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    await runArchive(job({ reports: true, reportWaitMs: 0 }), env);
    const pending = (
      cursors.get('blastengine') as { reports: { pending: unknown[] } }
    ).reports.pending;
    // Act
    await runArchive(job({ reports: true, reportWaitMs: 0 }), env);
    // Assert
    const creates = fake.requests.filter((r) => r.method === 'POST');
    expect([pending.length, creates.length]).toStrictEqual([2, 2]);
    expect(store.keys('archive/blastengine/reports/')).toStrictEqual(
      reportKeys,
    );
  });
});
