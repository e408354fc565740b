import { describe, expect, it } from 'vitest';
import {
  ALL_DAYS,
  parseSinceDate,
  sinceDaysAgo,
} from '../../../../core/queries/window';

describe('parseSinceDate', () => {
  it.each(['2026-03-01', '2024-02-29', ALL_DAYS])('accepts %s', (text) => {
    // Act / Assert
    expect(parseSinceDate(text)).toBe(text);
  });

  it.each([
    '2026-02-30',
    '2026-13-01',
    '2026-3-1',
    '20260301',
    '2026-03-01T00:00:00Z',
    "2026-03-01' OR '1'='1",
    '',
  ])('rejects %j', (text) => {
    // Act / Assert
    expect(() => parseSinceDate(text)).toThrow(
      `expected a date YYYY-MM-DD, got "${text}"`,
    );
  });
});

describe('sinceDaysAgo', () => {
  const now = new Date('2026-03-15T23:59:59.999Z');

  it('counts today as the first day', () => {
    // Act / Assert
    expect(sinceDaysAgo(1, now)).toBe('2026-03-15');
    expect(sinceDaysAgo(30, now)).toBe('2026-02-14');
  });

  it('crosses year boundaries in UTC', () => {
    // Act
    const since = sinceDaysAgo(366, new Date('2026-01-01T00:00:00.000Z'));
    // Assert
    expect(since).toBe('2025-01-01');
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %d days', (days) => {
    // Act / Assert
    expect(() => sinceDaysAgo(days, now)).toThrow(
      'expected a whole number of days ≥ 1',
    );
  });
});
