import { describe, expect, it } from 'vitest';
import {
  isoTimestamp,
  param,
  SQL_DIALECTS,
  unnestMap,
} from '../../../../core/queries/dialect';

describe('SQL_DIALECTS', () => {
  it('lists athena and duckdb', () => {
    // Assert
    expect(SQL_DIALECTS).toStrictEqual(['athena', 'duckdb']);
  });
});

describe('param', () => {
  it('renders a positional ? for athena', () => {
    // Act
    const sql = param('athena', 'recipient');
    // Assert
    expect(sql).toBe('?');
  });

  it('renders a named $param for duckdb', () => {
    // Act
    const sql = param('duckdb', 'recipient');
    // Assert
    expect(sql).toBe('$recipient');
  });

  it.each(['', '1st', 'a-b', "x'; DROP TABLE events; --", 'Recipient'])(
    'rejects the parameter name %j',
    (name) => {
      // Act / Assert
      expect(() => param('duckdb', name)).toThrow(
        `invalid query parameter name "${name}"`,
      );
    },
  );
});

describe('isoTimestamp', () => {
  it('parses with from_iso8601_timestamp in athena', () => {
    // Act
    const sql = isoTimestamp('athena', 'e.occurred_at');
    // Assert
    expect(sql).toBe('from_iso8601_timestamp(e.occurred_at)');
  });

  it('casts to TIMESTAMPTZ in duckdb', () => {
    // Act
    const sql = isoTimestamp('duckdb', 'e.occurred_at');
    // Assert
    expect(sql).toBe('CAST(e.occurred_at AS TIMESTAMPTZ)');
  });
});

describe('unnestMap', () => {
  it('unnests the map directly in athena', () => {
    // Act
    const sql = unnestMap('athena', 'e.tags', 't', 'k', 'v');
    // Assert
    expect(sql).toBe('CROSS JOIN UNNEST(e.tags) AS t(k, v)');
  });

  it('unnests keys and values side by side in duckdb', () => {
    // Act
    const sql = unnestMap('duckdb', 'e.tags', 't', 'k', 'v');
    // Assert
    expect(sql).toBe(
      'CROSS JOIN LATERAL (SELECT unnest(map_keys(e.tags)) AS k, ' +
        'unnest(map_values(e.tags)) AS v) AS t',
    );
  });
});
