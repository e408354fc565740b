import { describe, expect, it } from 'vitest';
import {
  DEDUP_VIEW,
  dedupSelectSql,
  dedupViewSql,
  VIEW_COLUMNS,
} from '../../../../core/queries/dedup-view';
import { EVENT_COLUMNS } from '../../../../core/schema';

const COLS = [...EVENT_COLUMNS.map((c) => c.name), 'dt'].join(', ');

describe('VIEW_COLUMNS', () => {
  it('is every schema column, provider included, then dt', () => {
    // Assert
    expect(VIEW_COLUMNS).toStrictEqual([
      ...EVENT_COLUMNS.map((c) => c.name),
      'dt',
    ]);
  });
});

describe('dedupSelectSql', () => {
  it('keeps the latest received_at row per event_id', () => {
    // Act
    const sql = dedupSelectSql('db.events');
    // Assert
    expect(sql).toBe(
      [
        `SELECT ${COLS}`,
        'FROM (',
        `  SELECT ${COLS},`,
        '    ROW_NUMBER() OVER (PARTITION BY provider, dt, event_id ORDER BY received_at DESC) AS rn',
        '  FROM db.events',
        ') AS ranked',
        'WHERE rn = 1',
      ].join('\n'),
    );
  });
});

describe('dedupViewSql', () => {
  it.each(['athena', 'duckdb'] as const)(
    'creates events_dedup over the events table in %s',
    (dialect) => {
      // Act
      const sql = dedupViewSql(dialect, 'events');
      // Assert
      expect(sql).toBe(
        `CREATE OR REPLACE VIEW events_dedup AS\n${dedupSelectSql('events')}`,
      );
    },
  );

  it('uses the view name it is given', () => {
    // Act
    const sql = dedupViewSql('duckdb', 'e', 'v2');
    // Assert
    expect(sql.startsWith('CREATE OR REPLACE VIEW v2 AS\n')).toBe(true);
  });

  it('names the default view events_dedup', () => {
    // Assert
    expect(DEDUP_VIEW).toBe('events_dedup');
  });
});
