import { describe, expect, it } from 'vitest';
import {
  BLASTENGINE_SETTLE_MS,
  blastengineLogWindow,
} from '../../../../core/archive/blastengine';
import {
  type BlastengineCursor,
  blastengineDetailsKey,
  blastengineLogKey,
  detailIds,
  INITIAL_BLASTENGINE_CURSOR,
  type LogRow,
  parseBlastengineCursor,
  planLogPage,
  readLogPage,
} from '../../../../core/archive/blastengine-walk';
import { loadFixture } from '../../../helpers/fixtures';

const page1 = (): LogRow[] =>
  readLogPage(loadFixture('blastengine', 'api-logs-mails-results-page1'));
const page2 = (): LogRow[] =>
  readLogPage(
    loadFixture('blastengine', 'api-logs-mails-results-page2-anchor-901203'),
  );
const cursor = (patch: Partial<BlastengineCursor>): BlastengineCursor => ({
  ...INITIAL_BLASTENGINE_CURSOR,
  ...patch,
});

describe('parseBlastengineCursor', () => {
  it('starts from the initial cursor when none is stored', () => {
    // Act
    const parsed = parseBlastengineCursor(null, 'blastengine');
    // Assert
    expect(parsed).toStrictEqual(INITIAL_BLASTENGINE_CURSOR);
  });

  it('reads back a stored cursor', () => {
    // Arrange
    const stored = cursor({ highWater: 5, walk: { top: 9, anchor: 7 } });
    // Act
    const parsed = parseBlastengineCursor(structuredClone(stored), 'x');
    // Assert
    expect(parsed).toStrictEqual(stored);
  });

  it('refuses a cursor of another shape, naming the bad fields', () => {
    // Act / Assert
    expect(() =>
      parseBlastengineCursor({ version: 1, highWater: 'x' }, 'blastengine'),
    ).toThrow(
      'archive cursor blastengine is not valid (highWater, walk, reports); fix or delete it',
    );
  });

  it('names the root when the cursor is not an object', () => {
    // Act / Assert
    expect(() => parseBlastengineCursor(7, 'b')).toThrow('((root))');
  });
});

describe('readLogPage', () => {
  it('reads maillog ids of a page', () => {
    // Act
    const ids = page1().map((r) => r.id);
    // Assert
    expect(ids).toStrictEqual([901205, 901204, 901203]);
  });

  it('accepts string ids', () => {
    // Act
    const rows = readLogPage({ data: [{ maillog_id: '12' }] });
    // Assert
    expect(rows).toStrictEqual([{ id: 12, row: { maillog_id: '12' } }]);
  });

  it.each([
    [{}, 'blastengine log page data must be a list'],
    [{ data: [1] }, 'blastengine data[0] must be a JSON object'],
    [{ data: [{ maillog_id: 'x' }] }, 'data[0].maillog_id must be an integer'],
    [{ data: [{}] }, 'data[0].maillog_id must be an integer'],
  ])('rejects %j', (json, message) => {
    // Act / Assert
    expect(() => readLogPage(json)).toThrow(message);
  });
});

describe('planLogPage', () => {
  it('keeps a first page whole and anchors on its smallest id', () => {
    // Act
    const plan = planLogPage(INITIAL_BLASTENGINE_CURSOR, page1());
    // Assert
    expect([plan.keep.length, plan.done, plan.cursor]).toStrictEqual([
      3,
      false,
      cursor({ walk: { top: 901205, anchor: 901203 } }),
    ]);
  });

  it('keeps the walk top while moving the anchor down', () => {
    // Arrange
    const walking = cursor({ walk: { top: 901205, anchor: 901203 } });
    // Act
    const plan = planLogPage(walking, page2());
    // Assert
    expect(plan.cursor.walk).toStrictEqual({ top: 901205, anchor: 901201 });
  });

  it('ends the walk on an empty page and raises the high-water mark', () => {
    // Arrange
    const walking = cursor({ walk: { top: 901205, anchor: 901201 } });
    // Act
    const plan = planLogPage(walking, []);
    // Assert
    expect(plan).toStrictEqual({
      keep: [],
      done: true,
      cursor: cursor({ highWater: 901205, walk: null }),
    });
  });

  it('leaves the high-water mark alone when an empty page ends no walk', () => {
    // Act
    const plan = planLogPage(cursor({ highWater: 10 }), []);
    // Assert
    expect(plan.cursor).toStrictEqual(cursor({ highWater: 10 }));
  });

  it('keeps only rows above the high-water mark and ends the walk there', () => {
    // Arrange
    const previous = cursor({ highWater: 901203 });
    // Act
    const plan = planLogPage(previous, page1());
    // Assert
    expect([plan.keep.map((r) => r.id), plan.done, plan.cursor]).toStrictEqual([
      [901205, 901204],
      true,
      cursor({ highWater: 901205, walk: null }),
    ]);
  });

  it('never lowers the high-water mark', () => {
    // Arrange: rows all below a mark set by an earlier walk.
    const previous = cursor({ highWater: 999999 });
    // Act
    const plan = planLogPage(previous, page1());
    // Assert
    expect([plan.keep, plan.cursor.highWater]).toStrictEqual([[], 999999]);
  });

  it('refuses a page at or above its anchor instead of looping', () => {
    // Arrange
    const walking = cursor({ walk: { top: 901205, anchor: 901203 } });
    // Act / Assert
    expect(() => planLogPage(walking, page1())).toThrow(
      'blastengine returned maillog_id >= anchor 901203',
    );
  });
});

describe('detailIds', () => {
  it('picks HARDERROR, SOFTERROR and DROP rows only', () => {
    // Act
    const ids = detailIds([...page1(), ...page2()]);
    // Assert
    expect(ids).toStrictEqual([901205, 901204, 901203]);
  });
});

describe('blastengine log keys', () => {
  it('names a page by its first and last id and its UTC delivery date', () => {
    // Act
    const keys = [blastengineLogKey(page1()), blastengineDetailsKey(page1())];
    // Assert
    expect(keys).toStrictEqual([
      'archive/blastengine/logs/dt=2026-03-14/anchor=901205-901203.json.gz',
      'archive/blastengine/logs/dt=2026-03-14/anchor=901205-901203.details.json.gz',
    ]);
  });

  it('falls back to created_time, then to "unknown"', () => {
    // Arrange
    const created = [
      { id: 2, row: { created_time: '2026-03-13T23:30:00-01:00' } },
    ];
    const none = [{ id: 1, row: {} }];
    // Act
    const keys = [blastengineLogKey(created), blastengineLogKey(none)];
    // Assert
    expect(keys).toStrictEqual([
      'archive/blastengine/logs/dt=2026-03-14/anchor=2-2.json.gz',
      'archive/blastengine/logs/dt=unknown/anchor=1-1.json.gz',
    ]);
  });
});

describe('blastengineLogWindow', () => {
  const now = Date.parse('2026-03-15T03:00:00Z');

  it('ends a scheduled walk 24 hours ago, when statuses have settled', () => {
    // Act
    const window = blastengineLogWindow(now);
    // Assert
    expect([window, BLASTENGINE_SETTLE_MS]).toStrictEqual([
      { deliveryEnd: '2026-03-14T03:00:00+00:00' },
      86_400_000,
    ]);
  });

  it('bounds a backfill by its whole days', () => {
    // Act
    const window = blastengineLogWindow(now, {
      since: '2026-03-01',
      until: '2026-03-02',
    });
    // Assert
    expect(window).toStrictEqual({
      deliveryStart: '2026-03-01T00:00:00+00:00',
      deliveryEnd: '2026-03-02T23:59:59+00:00',
    });
  });

  it('cuts a backfill at the settle time', () => {
    // Act
    const window = blastengineLogWindow(now, {
      since: '2026-03-14',
      until: '2026-03-20',
    });
    // Assert
    expect(window?.deliveryEnd).toBe('2026-03-14T03:00:00+00:00');
  });

  it('has nothing due for a backfill of the last day only', () => {
    // Act
    const window = blastengineLogWindow(now, {
      since: '2026-03-15',
      until: '2026-03-15',
    });
    // Assert
    expect(window).toBeNull();
  });
});
