import { describe, expect, it } from 'vitest';
import {
  CMC_BASE_URL,
  CMC_LISTS,
  type CmcCursor,
  cmcDays,
  cmcKey,
  cmcListRequest,
  INITIAL_CMC_CURSOR,
  parseCmcCursor,
  planCmcPage,
  readCmcPage,
  resumeCmcDay,
} from '../../../../core/archive/cmc';
import { loadFixture } from '../../../helpers/fixtures';

const CREDS = {
  apiUser: 'cmc-user',
  apiKey: 'cmc-key',
  serverComposition: 'pro',
};
const cursor = (patch: Partial<CmcCursor>): CmcCursor => ({
  ...INITIAL_CMC_CURSOR,
  ...patch,
});
const rows = (n: number, tag = 'r') =>
  Array.from({ length: n }, (_, i) => ({ to: `${tag}${i}@example.jp` }));

describe('cmcListRequest', () => {
  it('posts the credentials and the day in a JSON body', () => {
    // Act
    const spec = cmcListRequest(
      CMC_BASE_URL,
      CREDS,
      'deliveries',
      '2026-03-14',
      2,
    );
    // Assert
    expect([spec, JSON.parse(spec.body!)]).toStrictEqual([
      {
        method: 'POST',
        url: 'https://api.smtps.jp/transaction/v2/deliveries/list.json',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Accept-Language': 'en',
        },
        body: spec.body,
      },
      {
        api_user: 'cmc-user',
        api_key: 'cmc-key',
        server_composition: 'pro',
        date: '2026-03-14',
        p: 2,
        r: 100,
      },
    ]);
  });

  it('filters blocks by start and end date', () => {
    // Act
    const spec = cmcListRequest(CMC_BASE_URL, CREDS, 'blocks', '2026-03-14', 0);
    // Assert
    expect(JSON.parse(spec.body!)).toMatchObject({
      start_date: '2026-03-14',
      end_date: '2026-03-14',
    });
  });
});

describe('readCmcPage', () => {
  it.each([
    ['deliveries', 5],
    ['bounces', 1],
    ['blocks', 2],
  ] as const)('reads the %s list response', (list, count) => {
    // Act
    const read = readCmcPage(
      loadFixture('cmc', `api-${list}-list-response`),
      list,
    );
    // Assert
    expect(read).toHaveLength(count);
  });

  it('reads a response without the list as empty', () => {
    // Act / Assert
    expect(readCmcPage({}, 'bounces')).toStrictEqual([]);
  });

  it('turns an errors answer into an upstream error', () => {
    // Act / Assert
    expect(() =>
      readCmcPage(
        { errors: [{ code: 'E1', message: 'bad date' }] },
        'deliveries',
      ),
    ).toThrow(
      'cmc deliveries/list answered errors: [{"code":"E1","message":"bad date"}]',
    );
  });

  it('ignores an empty errors list', () => {
    // Act / Assert
    expect(readCmcPage({ errors: [], bounces: [] }, 'bounces')).toStrictEqual(
      [],
    );
  });

  it('rejects a list of non-objects', () => {
    // Act / Assert
    expect(() => readCmcPage({ blocks: ['x'] }, 'blocks')).toThrow(
      'cmc blocks must be a list of objects',
    );
  });
});

describe('parseCmcCursor', () => {
  it('reads back a cursor inside a day', () => {
    // Arrange
    const stored = cursor({
      lastDay: '2026-03-12',
      walk: { day: '2026-03-13', list: 'bounces', page: 1, fingerprint: '[]' },
    });
    // Act / Assert
    expect(parseCmcCursor(structuredClone(stored), 'cmc')).toStrictEqual(
      stored,
    );
  });

  it('starts from the initial cursor', () => {
    // Act / Assert
    expect(parseCmcCursor(null, 'cmc')).toStrictEqual(INITIAL_CMC_CURSOR);
  });
});

describe('cmcDays', () => {
  const today = '2026-03-15';

  it('reads yesterday on a first run', () => {
    // Act / Assert
    expect(cmcDays(INITIAL_CMC_CURSOR, today)).toStrictEqual(['2026-03-14']);
  });

  it('reads every day missed since the cursor', () => {
    // Act / Assert
    expect(cmcDays(cursor({ lastDay: '2026-03-11' }), today)).toStrictEqual([
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
    ]);
  });

  it('reads nothing more the same day (at most once a day)', () => {
    // Act / Assert
    expect(cmcDays(cursor({ lastDay: '2026-03-14' }), today)).toStrictEqual([]);
  });

  it('resumes the day a walk stopped in', () => {
    // Arrange
    const walking = cursor({
      lastDay: '2026-03-10',
      walk: { day: '2026-03-13', list: 'blocks', page: 0, fingerprint: null },
    });
    // Act / Assert
    expect(cmcDays(walking, today)).toStrictEqual(['2026-03-13', '2026-03-14']);
  });

  it('reads a backfill window, never today', () => {
    // Act
    const days = cmcDays(INITIAL_CMC_CURSOR, today, {
      since: '2026-03-13',
      until: '2026-03-20',
    });
    // Assert
    expect(days).toStrictEqual(['2026-03-13', '2026-03-14']);
  });
});

describe('planCmcPage', () => {
  const at = { day: '2026-03-14', list: 'deliveries', page: 0 } as const;

  it('writes a full page and asks for the next one', () => {
    // Act
    const plan = planCmcPage(INITIAL_CMC_CURSOR, at, rows(100), CMC_LISTS);
    // Assert
    expect(plan).toStrictEqual({
      write: true,
      cursor: cursor({
        walk: { ...at, page: 1, fingerprint: JSON.stringify(rows(100)) },
      }),
    });
  });

  it('writes a short page and moves to the next list', () => {
    // Act
    const plan = planCmcPage(INITIAL_CMC_CURSOR, at, rows(5), CMC_LISTS);
    // Assert
    expect(plan).toStrictEqual({
      write: true,
      cursor: cursor({
        walk: { day: at.day, list: 'bounces', page: 0, fingerprint: null },
      }),
    });
  });

  it('ends the day after the last list', () => {
    // Act
    const plan = planCmcPage(
      INITIAL_CMC_CURSOR,
      { ...at, list: 'blocks' },
      [],
      CMC_LISTS,
    );
    // Assert
    expect(plan).toStrictEqual({
      write: false,
      cursor: cursor({ lastDay: '2026-03-14', walk: null }),
    });
  });

  it('skips a page identical to the previous one and ends the list', () => {
    // Arrange: an API that ignores `p` returns page 0 again.
    const first = planCmcPage(INITIAL_CMC_CURSOR, at, rows(100), CMC_LISTS);
    // Act
    const again = planCmcPage(
      first.cursor,
      { ...at, page: 1 },
      rows(100),
      CMC_LISTS,
    );
    // Assert
    expect([again.write, again.cursor.walk?.list]).toStrictEqual([
      false,
      'bounces',
    ]);
  });

  it('compares only with the previous page of the same list and day', () => {
    // Arrange
    const other = cursor({
      walk: {
        day: at.day,
        list: 'bounces',
        page: 1,
        fingerprint: JSON.stringify(rows(100)),
      },
    });
    // Act
    const plan = planCmcPage(
      other,
      { ...at, list: 'blocks' },
      rows(100),
      CMC_LISTS,
    );
    // Assert
    expect(plan.write).toBe(true);
  });

  it('ends the day after bounces with the default lists (no blocks)', () => {
    // Act
    const plan = planCmcPage(
      INITIAL_CMC_CURSOR,
      { ...at, list: 'bounces' },
      rows(3),
      ['deliveries', 'bounces'],
    );
    // Assert
    expect(plan).toStrictEqual({
      write: true,
      cursor: cursor({ lastDay: '2026-03-14', walk: null }),
    });
  });

  it('skips a list that is not configured', () => {
    // Act
    const plan = planCmcPage(
      INITIAL_CMC_CURSOR,
      at,
      [],
      ['deliveries', 'blocks'],
    );
    // Assert
    expect(plan).toStrictEqual({
      write: false,
      cursor: cursor({
        walk: { day: at.day, list: 'blocks', page: 0, fingerprint: null },
      }),
    });
  });
});

describe('resumeCmcDay', () => {
  const day = '2026-03-14';
  const DEFAULT = ['deliveries', 'bounces'] as const;
  const walkOn = (list: 'deliveries' | 'bounces' | 'blocks', page = 2) =>
    cursor({
      lastDay: '2026-03-13',
      walk: { day, list, page, fingerprint: '[{"to":"a"}]' },
    });

  it('starts a new day at page 0 of the first configured list', () => {
    // Act
    const start = resumeCmcDay(cursor({ lastDay: '2026-03-13' }), day, [
      'bounces',
      'blocks',
    ]);
    // Assert
    expect(start).toStrictEqual(
      cursor({
        lastDay: '2026-03-13',
        walk: { day, list: 'bounces', page: 0, fingerprint: null },
      }),
    );
  });

  it('keeps a walk saved on a configured list', () => {
    // Arrange
    const saved = walkOn('bounces');
    // Act / Assert
    expect(resumeCmcDay(saved, day, DEFAULT)).toBe(saved);
  });

  it('ends the day when the walk is on blocks and blocks is no longer configured', () => {
    // Act
    const start = resumeCmcDay(walkOn('blocks'), day, DEFAULT);
    // Assert
    expect(start).toStrictEqual(cursor({ lastDay: day, walk: null }));
  });

  it('moves a walk on a dropped list to the next configured list after it', () => {
    // Act
    const start = resumeCmcDay(walkOn('bounces'), day, [
      'deliveries',
      'blocks',
    ]);
    // Assert
    expect(start).toStrictEqual(
      cursor({
        lastDay: '2026-03-13',
        walk: { day, list: 'blocks', page: 0, fingerprint: null },
      }),
    );
  });
});

describe('cmcKey', () => {
  it('names a page by list, day and page number', () => {
    // Act / Assert
    expect(cmcKey('bounces', '2026-03-14', 0)).toBe(
      'archive/cmc/bounces/dt=2026-03-14/p0000.json.gz',
    );
  });
});
