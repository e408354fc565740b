import { describe, expect, it } from 'vitest';
import {
  addDays,
  assertIsoDate,
  datesBetween,
  isIsoDate,
  localDate,
  maxDate,
  minDate,
  utcDate,
  utcDayStartMs,
} from '../../../../core/archive/dates';
import {
  isAuthStatus,
  isRetryableStatus,
  retryAfterMs,
  retryDelayMs,
  summarizeErrorBody,
} from '../../../../core/archive/retry';
import { backoffDelayMs } from '../../../../core/backoff';

describe('archive dates', () => {
  it.each([
    ['2026-03-14', true],
    ['2026-02-30', false],
    ['2026-3-14', false],
  ])('isIsoDate(%s) is %s', (value, expected) => {
    // Act / Assert
    expect(isIsoDate(value)).toBe(expected);
  });

  it('names a bad date flag', () => {
    // Act / Assert
    expect(() => assertIsoDate('yesterday', '--since')).toThrow(
      '--since must be a YYYY-MM-DD date',
    );
    expect(assertIsoDate('2026-03-14', '--since')).toBe('2026-03-14');
  });

  it('does calendar arithmetic in UTC', () => {
    // Act
    const results = [
      addDays('2026-02-28', 1),
      addDays('2026-03-01', -1),
      utcDate(utcDayStartMs('2026-03-14') + 86_399_999),
      datesBetween('2026-03-30', '2026-04-01'),
      datesBetween('2026-04-01', '2026-03-30'),
      minDate('2026-03-01', '2026-02-01'),
      maxDate('2026-03-01', '2026-02-01'),
    ];
    // Assert
    expect(results).toStrictEqual([
      '2026-03-01',
      '2026-02-28',
      '2026-03-14',
      ['2026-03-30', '2026-03-31', '2026-04-01'],
      [],
      '2026-02-01',
      '2026-03-01',
    ]);
  });

  it('gives the calendar date in a timezone', () => {
    // Arrange: 16:00 UTC is 01:00 the next day in Tokyo.
    const at = Date.parse('2026-03-13T16:00:00Z');
    // Act / Assert
    expect([localDate(at, 'Asia/Tokyo'), localDate(at, 'UTC')]).toStrictEqual([
      '2026-03-14',
      '2026-03-13',
    ]);
  });
});

describe('retry decisions', () => {
  it.each([
    [429, true, false],
    [500, true, false],
    [503, true, false],
    [401, false, true],
    [403, false, true],
    [404, false, false],
  ])('status %i: retryable %s, auth %s', (status, retryable, auth) => {
    // Act / Assert
    expect([isRetryableStatus(status), isAuthStatus(status)]).toStrictEqual([
      retryable,
      auth,
    ]);
  });

  it('doubles the backoff per attempt with half of it jittered', () => {
    // Arrange
    const opts = { baseMs: 100, maxMs: 1000 };
    // Act
    const delays = [
      backoffDelayMs(1, opts, 0),
      backoffDelayMs(1, opts, 0.999),
      backoffDelayMs(3, opts, 0),
      backoffDelayMs(10, opts, 0.5),
    ];
    // Assert
    expect(delays).toStrictEqual([50, 100, 200, 750]);
  });

  it('prefers what the server asked for, capped', () => {
    // Arrange
    const opts = { baseMs: 100, maxMs: 1000 };
    // Act
    const delays = [
      retryDelayMs(1, 300, opts, 0),
      retryDelayMs(1, 5000, opts, 0),
      retryDelayMs(2, null, opts, 0),
    ];
    // Assert
    expect(delays).toStrictEqual([300, 1000, 100]);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-03-14T00:00:00Z');
  const headers =
    (h: Record<string, string>) =>
    (name: string): string | null =>
      h[name] ?? null;

  it.each([
    [{ 'x-rate-limit-retry-after-seconds': '7' }, 7000],
    [{ 'x-rate-limit-retry-after-seconds': 'x', 'retry-after': '2' }, 2000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after': 'Sat, 14 Mar 2026 00:00:03 GMT' }, 3000],
    [{ 'retry-after': 'Fri, 13 Mar 2026 00:00:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, null],
    [{ 'retry-after': ' ' }, null],
    [{}, null],
  ])('reads %j as %s ms', (h, expected) => {
    // Act / Assert
    expect(retryAfterMs(headers(h), now)).toBe(expected);
  });
});

describe('summarizeErrorBody', () => {
  it('redacts secret fields and known secret values', () => {
    // Act
    const summary = summarizeErrorBody(
      '{"api_key":"abc","message":"token T0KEN-123 is bad"}',
      ['T0KEN-123', 'ab'],
    );
    // Assert
    expect(summary).toBe(
      '{"api_key":"[REDACTED]","message":"token [REDACTED] is bad"}',
    );
  });

  it('collapses whitespace and cuts long bodies', () => {
    // Act
    const summary = summarizeErrorBody(`a\n\n  b ${'x'.repeat(400)}`, []);
    // Assert
    expect([summary.slice(0, 4), summary.length]).toStrictEqual(['a b ', 301]);
  });
});
