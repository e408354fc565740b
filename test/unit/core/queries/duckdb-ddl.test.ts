import { describe, expect, it } from 'vitest';
import {
  DT_COLUMN,
  DUCKDB_HIVE_TYPES,
  DUCKDB_TYPES,
  duckdbCreateTableSql,
  LOCAL_TABLE_COLUMNS,
} from '../../../../core/queries/duckdb-ddl';
import { EVENT_COLUMNS } from '../../../../core/schema';

describe('duckdbCreateTableSql', () => {
  it('generates the events table from the schema, then dt', () => {
    // Act
    const sql = duckdbCreateTableSql('staging');
    // Assert
    expect(sql).toBe(
      [
        'CREATE TABLE staging (',
        '  schema_version INTEGER NOT NULL,',
        '  event_id VARCHAR NOT NULL,',
        '  provider VARCHAR NOT NULL,',
        '  event_type VARCHAR NOT NULL,',
        '  bounce_type VARCHAR,',
        '  occurred_at VARCHAR NOT NULL,',
        '  received_at VARCHAR NOT NULL,',
        '  recipient VARCHAR NOT NULL,',
        '  recipient_domain VARCHAR NOT NULL,',
        '  sender VARCHAR,',
        '  from_domain VARCHAR,',
        '  message_id VARCHAR,',
        '  subject VARCHAR,',
        '  smtp_code INTEGER,',
        '  smtp_status VARCHAR,',
        '  diagnostic VARCHAR,',
        '  provider_event VARCHAR NOT NULL,',
        '  tags MAP(VARCHAR, VARCHAR),',
        '  source VARCHAR NOT NULL,',
        '  dt VARCHAR NOT NULL',
        ')',
      ].join('\n'),
    );
  });

  it('renders the columns it is given', () => {
    // Act
    const sql = duckdbCreateTableSql('t', [
      { name: 'n', type: 'int', nullable: true },
      { name: 'm', type: 'map<string,string>', nullable: false },
    ]);
    // Assert
    expect(sql).toBe(
      'CREATE TABLE t (\n  n INTEGER,\n  m MAP(VARCHAR, VARCHAR) NOT NULL\n)',
    );
  });
});

describe('LOCAL_TABLE_COLUMNS', () => {
  it('is every schema column followed by the dt partition', () => {
    // Assert
    expect(LOCAL_TABLE_COLUMNS).toStrictEqual([...EVENT_COLUMNS, DT_COLUMN]);
  });
});

describe('DUCKDB_TYPES', () => {
  it('maps every canonical column type', () => {
    // Assert
    expect(DUCKDB_TYPES).toStrictEqual({
      int: 'INTEGER',
      string: 'VARCHAR',
      'map<string,string>': 'MAP(VARCHAR, VARCHAR)',
    });
  });
});

describe('DUCKDB_HIVE_TYPES', () => {
  it('keeps both partition keys as VARCHAR', () => {
    // Assert
    expect(DUCKDB_HIVE_TYPES).toBe("{'provider': VARCHAR, 'dt': VARCHAR}");
  });
});
