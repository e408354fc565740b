import { describe, expect, it } from 'vitest';
import {
  type ArchiveJob,
  runArchive,
} from '../../../../app/archive/run-archive';
import type { CmcCursor, CmcList } from '../../../../core/archive/cmc';
import { PipelineError } from '../../../../core/errors';
import { archiveEnv } from '../../../helpers/archive-env';
import {
  FAKE_CREDENTIALS,
  type FakeRequest,
} from '../../../helpers/fake-providers';
import { useFakeProviders } from '../../../helpers/use-fake-providers';

// 03:00 UTC is 12:00 in Tokyo on 2026-03-15: yesterday is 2026-03-14.
const NOW = '2026-03-15T03:00:00Z';
const fake = useFakeProviders();
const job = (lists?: readonly CmcList[]): ArchiveJob => ({
  provider: 'cmc',
  credentials: FAKE_CREDENTIALS.cmc,
  serverComposition: 'std',
  timezone: 'Asia/Tokyo',
  baseUrl: fake.cmcUrl,
  lists,
});
const calls = () =>
  fake.requests.map((r) => {
    const body = JSON.parse(r.body) as Record<string, unknown>;
    return `${r.path} ${body.date ?? body.start_date}`;
  });
/** blocks/list off the Pro plan: HTTP 200 with an errors body (§4.1, §4.3). */
const blocksNeedPro = () =>
  fake.fail({
    match: (r: FakeRequest) => r.path === '/cmc/blocks/list.json',
    status: 200,
    body: '{"errors":[{"code":"PLAN","message":"not available on this plan"}]}',
    headers: { 'content-type': 'application/json' },
    times: 100,
  });
const DONE_12: CmcCursor = { version: 1, lastDay: '2026-03-12', walk: null };

describe('CMC archiver with the default lists', () => {
  it('reads deliveries and bounces, never blocks, and advances every day', async () => {
    // Arrange
    blocksNeedPro();
    const { env, cursors, store } = archiveEnv(NOW);
    await cursors.save('cmc', DONE_12, null);
    // Act
    const summary = await runArchive(job(), env);
    // Assert
    expect(summary.outcome).toBe('complete');
    expect(calls()).toStrictEqual([
      '/cmc/deliveries/list.json 2026-03-13',
      '/cmc/bounces/list.json 2026-03-13',
      '/cmc/deliveries/list.json 2026-03-14',
      '/cmc/bounces/list.json 2026-03-14',
    ]);
    expect(store.keys('archive/cmc/blocks/')).toStrictEqual([]);
    expect(cursors.get('cmc')).toStrictEqual({
      version: 1,
      lastDay: '2026-03-14',
      walk: null,
    });
  });

  it('finishes a day whose saved walk is on blocks without asking for it', async () => {
    // Arrange: a walk left on blocks by a run configured with blocks.
    blocksNeedPro();
    const { env, cursors } = archiveEnv(NOW);
    await cursors.save(
      'cmc',
      {
        version: 1,
        lastDay: '2026-03-12',
        walk: { day: '2026-03-13', list: 'blocks', page: 0, fingerprint: null },
      },
      null,
    );
    // Act
    await runArchive(job(['deliveries', 'bounces']), env);
    // Assert
    expect(calls()).toStrictEqual([
      '/cmc/deliveries/list.json 2026-03-14',
      '/cmc/bounces/list.json 2026-03-14',
    ]);
    expect(cursors.get('cmc')).toStrictEqual({
      version: 1,
      lastDay: '2026-03-14',
      walk: null,
    });
  });
});

describe('CMC archiver configured with blocks', () => {
  it('still fails clearly when blocks answers errors, and stays on blocks', async () => {
    // Arrange
    blocksNeedPro();
    const { env, cursors } = archiveEnv(NOW);
    // Act
    const failure = runArchive(job(['blocks', 'deliveries', 'bounces']), env);
    // Assert
    await expect(failure).rejects.toBeInstanceOf(PipelineError);
    await expect(failure).rejects.toThrow(
      'cmc blocks/list answered errors: [{"code":"PLAN","message":"not available on this plan"}]',
    );
    expect(cursors.get('cmc')).toStrictEqual({
      version: 1,
      lastDay: null,
      walk: { day: '2026-03-14', list: 'blocks', page: 0, fingerprint: null },
    });
  });

  it('skips bounces when only deliveries and blocks are configured', async () => {
    // Arrange
    const { env } = archiveEnv(NOW);
    // Act
    await runArchive(job(['deliveries', 'blocks']), env);
    // Assert
    expect(calls()).toStrictEqual([
      '/cmc/deliveries/list.json 2026-03-14',
      '/cmc/blocks/list.json 2026-03-14',
    ]);
  });
});
