import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderHttpError } from '../../../../app/archive/errors';
import {
  type ArchiveJob,
  runArchive,
} from '../../../../app/archive/run-archive';
import { EmailEventSchema } from '../../../../core/schema';
import { archiveEnv } from '../../../helpers/archive-env';
import { expectCredentialsRefused } from '../../../helpers/archive-expect';
import {
  FAKE_CREDENTIALS,
  type FakeProviders,
  type FakeRequest,
  startFakeProviders,
} from '../../../helpers/fake-providers';
import { loadFixture } from '../../../helpers/fixtures';
import { useFakeProviders } from '../../../helpers/use-fake-providers';

// 03:00 UTC is 12:00 in Tokyo on 2026-03-15: yesterday is the fixtures' day.
const NOW = '2026-03-15T03:00:00Z';
const key = (list: string, page = 0, day = '2026-03-14') =>
  `archive/cmc/${list}/dt=${day}/p${String(page).padStart(4, '0')}.json.gz`;
const ALL = [key('blocks'), key('bounces'), key('deliveries')];
const fake = useFakeProviders();

// A Pro plan reading all three lists; the default lists have their own file.
const job = (patch: Partial<ArchiveJob> = {}): ArchiveJob =>
  ({
    provider: 'cmc',
    credentials: FAKE_CREDENTIALS.cmc,
    serverComposition: 'pro',
    timezone: 'Asia/Tokyo',
    baseUrl: fake.cmcUrl,
    lists: ['deliveries', 'bounces', 'blocks'],
    ...patch,
  }) as ArchiveJob;
const bodies = () =>
  fake.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('CMC list archiver', () => {
  it("posts for yesterday's deliveries, bounces and blocks with credentials in the body", async () => {
    // Arrange
    const { env, store } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    expect(fake.requests.map((r) => [r.method, r.path])).toStrictEqual([
      ['POST', '/cmc/deliveries/list.json'],
      ['POST', '/cmc/bounces/list.json'],
      ['POST', '/cmc/blocks/list.json'],
    ]);
    expect(bodies()[0]).toStrictEqual({
      api_user: 'fake-cmc-user',
      api_key: 'fake-cmc-key-0001',
      server_composition: 'pro',
      date: '2026-03-14',
      p: 0,
      r: 100,
    });
    expect(store.keys()).toStrictEqual(ALL);
  });

  it('sends every listed row as a valid canonical event', async () => {
    // Arrange
    const { env, sink } = archiveEnv(NOW);
    // Act
    const summary = await runArchive(job(), env);
    // Assert
    expect([summary.rows, summary.events]).toStrictEqual([8, 8]);
    for (const e of sink.events) EmailEventSchema.parse(e);
    expect(new Set(sink.events.map((e) => e.source))).toStrictEqual(
      new Set(['archive']),
    );
  });

  it('asks nothing more the same day (CMC wants at most one call a day)', async () => {
    // Arrange
    const { env, cursors } = archiveEnv(NOW);
    await runArchive(job(), env);
    fake.reset();
    // Act
    await runArchive(job(), env);
    // Assert
    expect([fake.requests.length, cursors.get('cmc')]).toStrictEqual([
      0,
      { version: 1, lastDay: '2026-03-14', walk: null },
    ]);
  });

  it('catches up every day missed since the cursor', async () => {
    // Arrange
    const { env, cursors } = archiveEnv(NOW);
    await cursors.save(
      'cmc',
      { version: 1, lastDay: '2026-03-12', walk: null },
      null,
    );
    // Act
    await runArchive(job(), env);
    // Assert
    expect(bodies().map((b) => b.date ?? b.start_date)).toStrictEqual([
      '2026-03-13',
      '2026-03-13',
      '2026-03-13',
      '2026-03-14',
      '2026-03-14',
      '2026-03-14',
    ]);
  });

  it('resumes at the list that failed, with no duplicate page', async () => {
    // Arrange
    const { env, store } = archiveEnv(NOW);
    const bounces = (r: FakeRequest) => r.path === '/cmc/bounces/list.json';
    fake.fail({ match: bounces, status: 500, times: 5 });
    await expect(runArchive(job(), env)).rejects.toBeInstanceOf(
      ProviderHttpError,
    );
    const afterFailure = store.keys();
    fake.reset();
    // Act
    await runArchive(job(), env);
    // Assert
    expect(afterFailure).toStrictEqual([key('deliveries')]);
    expect(fake.requests.map((r) => r.path)).toStrictEqual([
      '/cmc/bounces/list.json',
      '/cmc/blocks/list.json',
    ]);
    expect([store.keys(), [...store.writes.values()]]).toStrictEqual([
      ALL,
      [1, 1, 1],
    ]);
  });

  it('reports refused credentials clearly and does not retry', async () => {
    // Arrange
    const { env } = archiveEnv(NOW);
    const wrong = { apiUser: 'fake-cmc-user', apiKey: 'wrong-cmc-key' };
    // Act
    const failure = runArchive(job({ credentials: wrong }), env);
    // Assert
    await expectCredentialsRefused(
      failure,
      /^cmc API refused the credentials \(HTTP 401\)/,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('treats an errors answer as a failure', async () => {
    // Arrange
    const { env, cursors } = archiveEnv(NOW);
    fake.fail({
      match: () => true,
      status: 200,
      body: '{"errors":[{"code":"E","message":"date"}]}',
    });
    // Act / Assert
    await expect(runArchive(job(), env)).rejects.toThrow(
      'cmc deliveries/list answered errors',
    );
    expect(cursors.cursors.size).toBe(0);
  });
});

describe('CMC paging', () => {
  let paged: FakeProviders;
  const full = loadFixture<{ deliveries: Record<string, string>[] }>(
    'cmc',
    'api-deliveries-list-response',
  );
  const row = full.deliveries[1]!;
  const hundred = Array.from({ length: 100 }, (_, i) => ({
    ...row,
    to: `user${i}@example.jp`,
  }));

  beforeAll(async () => {
    paged = await startFakeProviders({
      cmcPages: { deliveries: [{ deliveries: hundred }, full] },
    });
  });
  afterAll(async () => {
    await paged.close();
  });

  it('reads the next page after a full one and stops after a short one', async () => {
    // Arrange
    const { env, store, sink } = archiveEnv(NOW);
    // Act
    await runArchive(job({ baseUrl: paged.cmcUrl }), env);
    // Assert
    expect(store.keys('archive/cmc/deliveries/')).toStrictEqual([
      key('deliveries', 0),
      key('deliveries', 1),
    ]);
    expect(sink.events.filter((e) => e.provider === 'cmc')).toHaveLength(
      100 + 5 + 1 + 2,
    );
  });
});
