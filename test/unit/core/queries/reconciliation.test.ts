import { describe, expect, it } from 'vitest';
import { ARCHIVE_PROVIDERS } from '../../../../core/archive/types';
import { mapValue, SQL_DIALECTS } from '../../../../core/queries/dialect';
import {
  MATCH_TOLERANCE_SECONDS,
  RECONCILED_TYPES,
  reconciliationDetailsSql,
  reconciliationQuery,
} from '../../../../core/queries/reconciliation';

const TABLES = { events: 'db.events', dedup: 'db.events_dedup' };

describe('reconciliation query', () => {
  it('binds from_dt and to_dt once each, in that order, in athena', () => {
    // Act
    const sql = reconciliationQuery.sql('athena', TABLES);
    // Assert
    expect(reconciliationQuery.params).toStrictEqual(['from_dt', 'to_dt']);
    expect(sql.match(/\?/g)).toHaveLength(2);
    expect(sql).toContain('CAST(? AS VARCHAR) AS from_dt');
    expect(sql).not.toMatch(/\$\w|TIMESTAMPTZ|\['delivery_id'\]/);
  });

  it.each(SQL_DIALECTS)(
    'reads the raw events table, not the dedup view, in %s',
    (dialect) => {
      // Act
      const sql = reconciliationQuery.sql(dialect, TABLES);
      // Assert: events_dedup keeps one copy per event_id and hides the sides.
      expect(sql).toContain('FROM db.events AS e');
      expect(sql).not.toContain('events_dedup');
    },
  );

  it('matches without a shared id on message key, recipient, type and the tolerance', () => {
    // Act
    const sql = reconciliationQuery.sql('duckdb', TABLES);
    // Assert
    expect(sql).toContain("COALESCE(e.message_id, e.tags['delivery_id'])");
    expect(sql).toContain(`<= ${MATCH_TOLERANCE_SECONDS}`);
    expect(sql).toContain(
      'AND w.recipient = a.recipient AND w.event_type = a.event_type',
    );
  });

  it('counts only the types both sides of each archived provider report', () => {
    // Act
    const sql = reconciliationQuery.sql('athena', TABLES);
    // Assert
    expect(Object.keys(RECONCILED_TYPES).sort()).toStrictEqual(
      [...ARCHIVE_PROVIDERS].sort(),
    );
    expect(sql).toContain(
      "(e.provider = 'blastengine' AND e.event_type IN ('bounced', 'dropped'))",
    );
    expect(sql).not.toContain("'ses'");
  });

  it('orders the ledger columns as the CLI prints them', () => {
    // Act
    const sql = reconciliationQuery.sql('duckdb', TABLES);
    // Assert
    const names = [
      ...sql.matchAll(
        / AS (webhook_events|archive_events|only_in_archive|only_in_webhook|coverage)\b/g,
      ),
    ].map((m) => m[1]);
    expect(names).toStrictEqual([
      'webhook_events',
      'archive_events',
      'only_in_archive',
      'only_in_webhook',
      'coverage',
    ]);
  });

  it.each(SQL_DIALECTS)(
    'lists the missed events with the same CTEs in %s',
    (dialect) => {
      // Act
      const details = reconciliationDetailsSql(dialect, TABLES);
      const ledger = reconciliationQuery.sql(dialect, TABLES);
      // Assert
      const ctes = (sql: string) => sql.slice(0, sql.indexOf('\n)\n') + 2);
      expect(ctes(details)).toBe(ctes(ledger));
      expect(details).toContain('WHERE missed');
    },
  );
});

describe('mapValue', () => {
  it('reads a key with element_at in athena (NULL when absent) and [] in duckdb', () => {
    // Act / Assert
    expect(mapValue('athena', 'e.tags', 'delivery_id')).toBe(
      "element_at(e.tags, 'delivery_id')",
    );
    expect(mapValue('duckdb', 'e.tags', 'delivery_id')).toBe(
      "e.tags['delivery_id']",
    );
  });

  it('refuses a key that is not a plain identifier', () => {
    // Act / Assert
    expect(() => mapValue('athena', 'e.tags', "x') OR (1=1")).toThrow(
      'invalid map key',
    );
  });
});
