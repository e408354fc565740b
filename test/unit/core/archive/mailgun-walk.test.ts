import { describe, expect, it } from 'vitest';
import {
  advanceEventsWalk,
  afterStatsDay,
  classifyEventsPage,
  closeEventsWalk,
  type EventsWalk,
  INITIAL_MAILGUN_CURSOR,
  MAILGUN_FINAL_AGE_S,
  type MailgunCursor,
  parseMailgunCursor,
  readMailgunPage,
  startEventsWalk,
  statsDays,
} from '../../../../core/archive/mailgun-walk';
import { loadFixture } from '../../../helpers/fixtures';

// The fixture page's last event is at 1773454500.918273 (02:15:00 UTC).
const LAST_TS = 1773454500.918273;
const page = () => readMailgunPage(loadFixture('mailgun', 'events-api-page'));
const cursor = (patch: Partial<MailgunCursor>): MailgunCursor => ({
  ...INITIAL_MAILGUN_CURSOR,
  ...patch,
});
const walk = (patch: Partial<EventsWalk>): EventsWalk => ({
  begin: 1773446400,
  end: 1773460000,
  page: 0,
  next: null,
  lastTs: null,
  ...patch,
});

describe('parseMailgunCursor', () => {
  it('starts from the initial cursor when none is stored', () => {
    // Act / Assert
    expect(parseMailgunCursor(undefined, 'mailgun-d')).toStrictEqual(
      INITIAL_MAILGUN_CURSOR,
    );
  });

  it('reads back a cursor in the middle of a walk', () => {
    // Arrange
    const stored = cursor({ begin: 1, walk: walk({ page: 2, next: 'u' }) });
    // Act / Assert
    expect(parseMailgunCursor(structuredClone(stored), 'x')).toStrictEqual(
      stored,
    );
  });
});

describe('readMailgunPage', () => {
  it('reads items and paging.next', () => {
    // Act
    const { items, next } = page();
    // Assert
    expect([items.length, next]).toStrictEqual([
      3,
      'https://api.mailgun.net/v3/mg.example.com/events/WzMsIFsiMjAyNi0wMy0xNFQwMjozNTowMC41MzciXV0=',
    ]);
  });

  it('has no next page without paging', () => {
    // Act / Assert
    expect(readMailgunPage({ items: [] })).toStrictEqual({
      items: [],
      next: null,
    });
  });

  it('has no next page when paging.next is not a string', () => {
    // Act / Assert
    expect(readMailgunPage({ items: [], paging: { next: 3 } }).next).toBeNull();
  });

  it.each([[{}], [{ items: [1] }]])('rejects %j', (json) => {
    // Act / Assert
    expect(() => readMailgunPage(json)).toThrow(
      'mailgun page items must be objects',
    );
  });
});

describe('startEventsWalk', () => {
  const now = 1773460000.7;

  it('reads back 30 days on a first scheduled run, up to now', () => {
    // Act
    const w = startEventsWalk(INITIAL_MAILGUN_CURSOR, now);
    // Assert
    expect(w).toStrictEqual(walk({ begin: 1773460000 - 30 * 86_400 }));
  });

  it('begins where the cursor says', () => {
    // Act
    const w = startEventsWalk(cursor({ begin: 1773450000 }), now);
    // Assert
    expect(w).toStrictEqual(walk({ begin: 1773450000 }));
  });

  it('covers a backfill from its first day to the end of its last', () => {
    // Act
    const w = startEventsWalk(INITIAL_MAILGUN_CURSOR, now, {
      since: '2026-03-01',
      until: '2026-03-02',
    });
    // Assert
    expect(w).toStrictEqual(walk({ begin: 1772323200, end: 1772496000 }));
  });

  it('ends a backfill reaching into the future at now', () => {
    // Act
    const w = startEventsWalk(INITIAL_MAILGUN_CURSOR, now, {
      since: '2026-03-14',
      until: '2026-03-31',
    });
    // Assert
    expect(w?.end).toBe(1773460000);
  });

  it('has nothing to do once the cursor reached the end', () => {
    // Act
    const w = startEventsWalk(cursor({ begin: 1772496000 }), now, {
      since: '2026-03-01',
      until: '2026-03-02',
    });
    // Assert
    expect(w).toBeNull();
  });
});

describe('classifyEventsPage (the 30-minute rule)', () => {
  it('calls a page final when its last event is older than now - 30 min', () => {
    // Act
    const verdict = classifyEventsPage(
      page().items,
      LAST_TS + MAILGUN_FINAL_AGE_S,
    );
    // Assert
    expect(verdict).toBe('final');
  });

  it('calls a page not final when its last event is newer than now - 30 min', () => {
    // Act
    const verdict = classifyEventsPage(
      page().items,
      LAST_TS + MAILGUN_FINAL_AGE_S - 0.001,
    );
    // Assert
    expect(verdict).toBe('not-final');
  });

  it('calls an empty page empty', () => {
    // Act / Assert
    expect(classifyEventsPage([], 0)).toBe('empty');
  });

  it('rejects an event without a numeric timestamp', () => {
    // Act / Assert
    expect(() => classifyEventsPage([{ timestamp: 'x' }], 0)).toThrow(
      'mailgun event timestamp is not a number',
    );
  });
});

describe('advanceEventsWalk', () => {
  it('counts the page and keeps its next URL and last timestamp', () => {
    // Act
    const w = advanceEventsWalk(walk({}), page());
    // Assert
    expect(w).toStrictEqual(
      walk({ page: 1, next: page().next, lastTs: LAST_TS }),
    );
  });

  it('ends the walk when next does not move', () => {
    // Arrange
    const stuck = walk({ page: 1, next: 'same', lastTs: 5 });
    // Act
    const w = advanceEventsWalk(stuck, { items: [], next: 'same' });
    // Assert
    expect(w).toStrictEqual(walk({ page: 2, next: null, lastTs: 5 }));
  });
});

describe('closeEventsWalk', () => {
  it('re-reads from the last written event after a non-final page', () => {
    // Act
    const c = closeEventsWalk(
      cursor({ walk: walk({}) }),
      walk({ page: 3, lastTs: 1773455000.5 }),
      'not-final',
    );
    // Assert
    expect(c).toStrictEqual(cursor({ begin: 1773455000, walk: null }));
  });

  it('keeps the window start when its first page was not final', () => {
    // Act
    const c = closeEventsWalk(INITIAL_MAILGUN_CURSOR, walk({}), 'not-final');
    // Assert
    expect(c.begin).toBe(1773446400);
  });

  it('restarts 30 minutes before the window end after the last page', () => {
    // Act
    const c = closeEventsWalk(
      INITIAL_MAILGUN_CURSOR,
      walk({ lastTs: 1773450000 }),
      'empty',
    );
    // Assert
    expect(c.begin).toBe(1773460000 - 1800);
  });

  it('restarts at the last event when it is later than that', () => {
    // Act
    const c = closeEventsWalk(
      INITIAL_MAILGUN_CURSOR,
      walk({ lastTs: 1773459999 }),
      'empty',
    );
    // Assert
    expect(c.begin).toBe(1773459999);
  });
});

describe('stats days', () => {
  const now = Date.parse('2026-03-14T05:00:00Z');

  it('reads two months back on a first run', () => {
    // Act
    const days = statsDays(INITIAL_MAILGUN_CURSOR, now);
    // Assert
    expect([days.length, days[0], days.at(-1)]).toStrictEqual([
      61,
      '2026-01-13',
      '2026-03-14',
    ]);
  });

  it('reads from the cursor to today', () => {
    // Act
    const days = statsDays(cursor({ statsFrom: '2026-03-13' }), now);
    // Assert
    expect(days).toStrictEqual(['2026-03-13', '2026-03-14']);
  });

  it('reads a backfill window, clipped to what Mailgun keeps', () => {
    // Act
    const days = statsDays(INITIAL_MAILGUN_CURSOR, now, {
      since: '2025-12-01',
      until: '2026-01-14',
    });
    // Assert
    expect(days).toStrictEqual(['2026-01-13', '2026-01-14']);
  });

  it('moves the cursor to the next day, never past yesterday', () => {
    // Act
    const moved = [
      afterStatsDay(INITIAL_MAILGUN_CURSOR, '2026-03-10', now).statsFrom,
      afterStatsDay(INITIAL_MAILGUN_CURSOR, '2026-03-14', now).statsFrom,
    ];
    // Assert
    expect(moved).toStrictEqual(['2026-03-11', '2026-03-13']);
  });
});
