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
  FAKE_MAILGUN_DOMAIN,
  type FakeRequest,
} from '../../../helpers/fake-providers';
import { useFakeProviders } from '../../../helpers/use-fake-providers';

// The fixture's events are at 02:10–02:15 UTC on 2026-03-14.
const NOW = '2026-03-14T03:00:00Z';
const NOW_S = 1773457200;
const BEGIN = NOW_S - 30 * 86_400;
const DOMAIN = FAKE_MAILGUN_DOMAIN;
const CURSOR = `mailgun-${DOMAIN}`;
const EVENTS_P1 = `archive/mailgun/${DOMAIN}/events/dt=2026-02-12/${BEGIN}-${NOW_S}-p0001.json.gz`;
const fake = useFakeProviders();

const job = (patch: Partial<ArchiveJob> = {}): ArchiveJob =>
  ({
    provider: 'mailgun',
    credentials: FAKE_CREDENTIALS.mailgun,
    domains: [DOMAIN],
    region: 'us',
    baseUrl: fake.mailgunUrl,
    ...patch,
  }) as ArchiveJob;
const isEvents = (r: FakeRequest) => r.path.startsWith(`/v3/${DOMAIN}/events`);
const isNextPage = (r: FakeRequest) =>
  r.path.startsWith(`/v3/${DOMAIN}/events/`);

describe('Mailgun events archiver', () => {
  it('walks the window ascending, following paging.next to the empty page', async () => {
    // Arrange
    const { env, store } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    const [first, second, ...rest] = fake.requests.filter(isEvents);
    expect(Object.fromEntries(first!.query)).toStrictEqual({
      begin: String(BEGIN),
      end: String(NOW_S),
      ascending: 'yes',
      limit: '300',
    });
    expect([second!.path, rest.length]).toStrictEqual([
      `/v3/${DOMAIN}/events/WzMsIFsiMjAyNi0wMy0xNFQwMjozNTowMC41MzciXV0=`,
      0,
    ]);
    expect(store.keys(`archive/mailgun/${DOMAIN}/events/`)).toStrictEqual([
      EVENTS_P1,
    ]);
  });

  it('sends the page events as valid canonical events', async () => {
    // Arrange
    const { env, sink } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    expect(sink.events.map((e) => [e.event_type, e.source])).toStrictEqual([
      ['accepted', 'archive'],
      ['delivered', 'archive'],
      ['deferred', 'archive'],
    ]);
    for (const e of sink.events) EmailEventSchema.parse(e);
  });

  it('starts the next window 30 minutes before this one ended', async () => {
    // Arrange
    const { env, cursors } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    expect(cursors.get(CURSOR)).toMatchObject({
      begin: NOW_S - 1800,
      walk: null,
    });
  });

  it('neither writes nor passes a page whose last event is under 30 minutes old', async () => {
    // Arrange: at 02:40 the 02:15 event is 25 minutes old.
    const { env, store, cursors } = archiveEnv('2026-03-14T02:40:00Z');
    // Act
    await runArchive(job(), env);
    // Assert
    const begin = Number(fake.requests.find(isEvents)!.query.get('begin'));
    expect(store.keys(`archive/mailgun/${DOMAIN}/events/`)).toStrictEqual([]);
    expect(cursors.get(CURSOR)).toMatchObject({ begin, walk: null });
  });

  it('re-reads the page that was not final on the next run', async () => {
    // Arrange
    const { env, store, sink } = archiveEnv('2026-03-14T02:40:00Z');
    await runArchive(job(), env);
    const begin = fake.requests.find(isEvents)!.query.get('begin');
    fake.reset();
    // Act
    await runArchive(job(), rerunEnv(env, { now: () => Date.parse(NOW) }));
    // Assert
    expect(fake.requests.find(isEvents)!.query.get('begin')).toBe(begin);
    expect([
      store.keys(`archive/mailgun/${DOMAIN}/events/`).length,
      sink.events.length,
    ]).toStrictEqual([1, 3]);
  });

  it('keeps the walk at the written page when the next page fails, and resumes there', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    fake.fail({ match: isNextPage, status: 502, times: 5 });
    // Act
    const failure = runArchive(job(), env);
    await expect(failure).rejects.toBeInstanceOf(ProviderHttpError);
    const stuck = cursors.get(CURSOR);
    fake.reset();
    await runArchive(job(), env);
    // Assert
    expect(stuck).toMatchObject({
      begin: null,
      walk: { begin: BEGIN, end: NOW_S, page: 1 },
    });
    expect(
      fake.requests.filter(isEvents).map((r) => isNextPage(r)),
    ).toStrictEqual([true]);
    expect([
      store.keys(`archive/mailgun/${DOMAIN}/events/`),
      store.writes.get(EVENTS_P1),
    ]).toStrictEqual([[EVENTS_P1], 1]);
  });

  it('writes no new events page when run again', async () => {
    // Arrange
    const { env, store, sink } = archiveEnv(NOW);
    await runArchive(job(), env);
    // Act
    await runArchive(job(), env);
    // Assert
    expect([
      store.keys(`archive/mailgun/${DOMAIN}/events/`),
      sink.events.length,
    ]).toStrictEqual([[EVENTS_P1], 3]);
  });

  it('stops before the deadline with the walk saved', async () => {
    // Arrange
    const left = [300_000, 100_000];
    const { env, cursors } = archiveEnv(NOW, () => left.shift() ?? 0);
    // Act
    const summary = await runArchive(job(), env);
    // Assert
    expect(summary.outcome).toBe('deadline');
    expect(cursors.get(CURSOR)).toMatchObject({ walk: { page: 1 } });
  });

  it('reports refused credentials clearly and does not retry', async () => {
    // Arrange
    const { env } = archiveEnv(NOW);
    // Act
    const failure = runArchive(
      job({ credentials: { apiKey: 'key-wrong' } }),
      env,
    );
    // Assert
    await expectCredentialsRefused(
      failure,
      'mailgun API refused the credentials (HTTP 401): Forbidden',
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('backfills whole days under its own cursor', async () => {
    // Arrange
    const { env, cursors } = archiveEnv(NOW);
    const window = { since: '2026-03-14', until: '2026-03-14' };
    // Act
    await runArchive(job({ window }), env);
    // Assert
    expect(
      backfillAsked(fake.requests, isEvents, ['begin', 'end'], cursors),
    ).toStrictEqual([
      '1773446400',
      String(NOW_S),
      [`backfill/mailgun-${DOMAIN}-2026-03-14-2026-03-14`],
    ]);
  });
});

describe('Mailgun stats and suppressions', () => {
  it('stores two months of hourly stats, one object per day, on a first run', async () => {
    // Arrange
    const { env, store, cursors } = archiveEnv(NOW);
    // Act
    await runArchive(job(), env);
    // Assert
    const keys = store.keys(`archive/mailgun/${DOMAIN}/stats/`);
    expect([keys.length, keys.at(-1), cursors.get(CURSOR)]).toMatchObject([
      61,
      `archive/mailgun/${DOMAIN}/stats/dt=2026-03-14.json.gz`,
      { statsFrom: '2026-03-13' },
    ]);
    const hourly = fake.requests.find((r) => r.path.endsWith('/stats/total'))!;
    expect(hourly.query.get('resolution')).toBe('hour');
  });

  it('re-reads only yesterday and today on the next run', async () => {
    // Arrange
    const { env } = archiveEnv(NOW);
    await runArchive(job(), env);
    fake.reset();
    // Act
    await runArchive(job(), env);
    // Assert
    const starts = fake.requests
      .filter((r) => r.path.endsWith('/stats/total'))
      .map((r) =>
        new Date(Number(r.query.get('start')) * 1000)
          .toISOString()
          .slice(0, 10),
      );
    expect(starts).toStrictEqual(['2026-03-13', '2026-03-14']);
  });

  it('snapshots every suppression list across its pages once a day', async () => {
    // Arrange
    const { env, store } = archiveEnv(NOW);
    await runArchive(job(), env);
    fake.reset();
    // Act
    await runArchive(job(), env);
    // Assert
    const prefix = `archive/mailgun/${DOMAIN}/suppressions/`;
    expect(store.keys(prefix)).toStrictEqual([
      `${prefix}bounces/2026-03-14.json.gz`,
      `${prefix}complaints/2026-03-14.json.gz`,
      `${prefix}unsubscribes/2026-03-14.json.gz`,
    ]);
    expect(store.json(`${prefix}bounces/2026-03-14.json.gz`)).toStrictEqual({
      items: [
        {
          address: 'bounces@example.com',
          created_at: 'Fri, 13 Mar 2026 10:00:00 UTC',
        },
      ],
    });
    expect(
      fake.requests.filter((r) => r.path.endsWith('/bounces')),
    ).toHaveLength(0);
  });
});
