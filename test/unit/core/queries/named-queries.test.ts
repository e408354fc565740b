import { describe, expect, it } from 'vitest';
import { SQL_DIALECTS } from '../../../../core/queries/dialect';
import {
  findNamedQuery,
  NAMED_QUERIES,
} from '../../../../core/queries/named-queries';
import { SINCE_PARAM } from '../../../../core/queries/window';

const TABLES = { events: 'db.events', dedup: 'db.events_dedup' };

function sqlOf(name: string, dialect: 'athena' | 'duckdb'): string {
  const query = findNamedQuery(name);
  if (!query) throw new Error(`no query ${name}`);
  return query.sql(dialect, TABLES);
}

const cases = NAMED_QUERIES.flatMap((q) =>
  SQL_DIALECTS.map((d) => [q.name, d] as const),
);

describe('NAMED_QUERIES', () => {
  it('has the queries docs/design.md lists, in --list order', () => {
    // Act
    const names = NAMED_QUERIES.map((q) => q.name);
    // Assert
    expect(names).toStrictEqual([
      'daily-rates',
      'top-bounce-reasons',
      'recipient-timeline',
      'deferrals',
      'complaints-by-tag',
    ]);
  });

  it('gives every query a description', () => {
    // Assert
    for (const q of NAMED_QUERIES)
      expect(q.description.length).toBeGreaterThan(20);
  });

  it.each(cases)(
    '%s reads the dedup view, never the raw table, in %s',
    (name, dialect) => {
      // Act
      const sql = sqlOf(name, dialect);
      // Assert
      expect(sql).toContain('FROM db.events_dedup');
      expect(sql).not.toMatch(/FROM db\.events\b(?!_dedup)/);
    },
  );

  it.each(NAMED_QUERIES.map((q) => [q.name, q.params?.length ?? 0] as const))(
    '%s has one athena ? per declared parameter',
    (name, count) => {
      // Act
      const marks = sqlOf(name, 'athena').match(/\?/g) ?? [];
      // Assert
      expect(marks.length).toBe(count);
    },
  );

  it.each(NAMED_QUERIES.map((q) => q.name))(
    '%s has no DuckDB-only syntax in athena',
    (name) => {
      // Act
      const sql = sqlOf(name, 'athena');
      // Assert
      expect(sql).not.toMatch(/\$\w|map_keys|TIMESTAMPTZ|LATERAL/);
    },
  );
});

describe('daily-rates', () => {
  it('divides hard bounces by accepted and complaints by delivered, NULL on zero', () => {
    // Act
    const sql = sqlOf('daily-rates', 'duckdb');
    // Assert
    expect(sql).toContain(
      'CAST(hard_bounces AS DOUBLE) / NULLIF(accepted, 0) AS bounce_rate',
    );
    expect(sql).toContain(
      'CAST(complaints AS DOUBLE) / NULLIF(delivered, 0) AS complaint_rate',
    );
  });

  it('groups by day, provider and from_domain', () => {
    // Act
    const sql = sqlOf('daily-rates', 'athena');
    // Assert
    expect(sql).toContain('GROUP BY dt, provider, from_domain');
  });

  it('prunes partitions from the since parameter, never from current_date', () => {
    // Act
    const athena = sqlOf('daily-rates', 'athena');
    const duckdb = sqlOf('daily-rates', 'duckdb');
    // Assert
    expect(athena).toContain('WHERE dt >= ?');
    expect(duckdb).toContain('WHERE dt >= $since');
    expect(athena + duckdb).not.toContain('current_date');
  });
});

describe('recipient-timeline', () => {
  it('binds the recipient with ? in athena', () => {
    // Act
    const sql = sqlOf('recipient-timeline', 'athena');
    // Assert
    expect(sql).toContain('WHERE recipient = lower(?)');
  });

  it('binds the recipient with $recipient in duckdb', () => {
    // Act
    const sql = sqlOf('recipient-timeline', 'duckdb');
    // Assert
    expect(sql).toContain('WHERE recipient = lower($recipient)');
  });
});

describe('deferrals', () => {
  it('scans the window once and matches a missing message_id to a missing one', () => {
    // Act
    const sql = sqlOf('deferrals', 'athena');
    // Assert
    expect(sql.match(/\?/g)).toHaveLength(1);
    expect(sql).not.toContain('message_id IS NOT NULL');
    expect(sql).toContain('o.message_id IS NOT DISTINCT FROM d.message_id');
  });

  it('parses ISO strings with from_iso8601_timestamp in athena', () => {
    // Act
    const sql = sqlOf('deferrals', 'athena');
    // Assert
    expect(sql).toContain('from_iso8601_timestamp(d.first_deferred_at)');
  });
});

describe('complaints-by-tag', () => {
  it('unnests the tags map with CROSS JOIN UNNEST in athena', () => {
    // Act
    const sql = sqlOf('complaints-by-tag', 'athena');
    // Assert
    expect(sql).toContain(
      'CROSS JOIN UNNEST(e.tags) AS tag(tag_key, tag_value)',
    );
  });
});

describe('the window parameter', () => {
  it.each(
    NAMED_QUERIES.filter((q) => q.name !== 'recipient-timeline').map(
      (q) => q.name,
    ),
  )('%s declares since as its only parameter', (name) => {
    // Act
    const query = findNamedQuery(name);
    // Assert
    expect(query?.params).toStrictEqual([SINCE_PARAM]);
  });
});

describe('findNamedQuery', () => {
  it('finds a query by name', () => {
    // Act
    const query = findNamedQuery('deferrals');
    // Assert
    expect(query?.name).toBe('deferrals');
  });

  it('returns undefined for an unknown name', () => {
    // Act
    const query = findNamedQuery('nope');
    // Assert
    expect(query).toBeUndefined();
  });
});
