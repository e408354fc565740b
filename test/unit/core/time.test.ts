import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../core/errors';
import {
  assertTimeZone,
  fromEpochSeconds,
  parseIsoWithOffset,
  parseLocalDateTime,
  toIsoMillis,
} from '../../../core/time';

describe('toIsoMillis', () => {
  it('formats a date as UTC with milliseconds', () => {
    expect(toIsoMillis(new Date(Date.UTC(2026, 2, 14, 2, 20)))).toBe(
      '2026-03-14T02:20:00.000Z',
    );
  });

  it('rejects an invalid date', () => {
    expect(() => toIsoMillis(new Date('nope'))).toThrow(MalformedPayloadError);
  });
});

describe('parseIsoWithOffset', () => {
  it.each([
    ['2026-03-14T11:30:04+09:00', '2026-03-14T02:30:04.000Z'],
    ['2026-03-14T02:20:00.123Z', '2026-03-14T02:20:00.123Z'],
    ['2026-03-14T02:20Z', '2026-03-14T02:20:00.000Z'],
    ['2026-03-14T11:30:04+0900', '2026-03-14T02:30:04.000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseIsoWithOffset(input, 'datetime')).toBe(expected);
  });

  it.each([
    ['2026-03-14 11:30:04'],
    ['2026-03-14T11:30:04'],
    [1773454320],
    [null],
  ])('rejects %s naming the field', (input) => {
    expect(() => parseIsoWithOffset(input, 'datetime')).toThrow(
      /^datetime is not an ISO 8601 timestamp/,
    );
  });
});

describe('fromEpochSeconds', () => {
  it('keeps millisecond precision of a float', () => {
    expect(fromEpochSeconds(1773454320.771029, 'timestamp')).toBe(
      '2026-03-14T02:12:00.771Z',
    );
  });

  it('accepts a numeric string', () => {
    expect(fromEpochSeconds('1773454321', 'timestamp')).toBe(
      '2026-03-14T02:12:01.000Z',
    );
  });

  it.each([['abc'], [-1], [0], [Number.NaN], [undefined]])(
    'rejects %s',
    (input) => {
      expect(() => fromEpochSeconds(input, 'timestamp')).toThrow(
        /^timestamp is not epoch seconds/,
      );
    },
  );
});

describe('parseLocalDateTime', () => {
  it('reads a Tokyo wall-clock time', () => {
    expect(
      parseLocalDateTime('2026-03-14 11:10:00', 'Asia/Tokyo', 'created'),
    ).toBe('2026-03-14T02:10:00.000Z');
  });

  it('reads a UTC wall-clock time unchanged', () => {
    expect(parseLocalDateTime('2026-03-14T11:10:00', 'UTC', 'created')).toBe(
      '2026-03-14T11:10:00.000Z',
    );
  });

  it('applies daylight saving time in New York', () => {
    expect(
      parseLocalDateTime('2026-07-01 12:00:00', 'America/New_York', 'created'),
    ).toBe('2026-07-01T16:00:00.000Z');
    expect(
      parseLocalDateTime('2026-01-15 12:00:00', 'America/New_York', 'created'),
    ).toBe('2026-01-15T17:00:00.000Z');
  });

  it('moves a time in the spring-forward gap past the gap', () => {
    expect(
      parseLocalDateTime('2026-03-08 02:30:00', 'America/New_York', 'created'),
    ).toBe('2026-03-08T06:30:00.000Z');
  });

  it('rejects a time with an offset', () => {
    expect(() =>
      parseLocalDateTime('2026-03-14T11:10:00+09:00', 'UTC', 'created'),
    ).toThrow('created is not "YYYY-MM-DD HH:MM:SS"');
  });

  it('rejects a non-string', () => {
    expect(() => parseLocalDateTime(42, 'UTC', 'created')).toThrow(
      MalformedPayloadError,
    );
  });

  it('rejects an unknown timezone', () => {
    expect(() =>
      parseLocalDateTime('2026-03-14 11:10:00', 'Mars/Olympus', 'created'),
    ).toThrow('unknown timezone: Mars/Olympus');
  });
});

describe('assertTimeZone', () => {
  it('accepts a known zone', () => {
    expect(() => assertTimeZone('Europe/Berlin')).not.toThrow();
  });
});

describe('parseLocalDateTime offset cache', () => {
  it('gives the same answer on repeated and neighbouring minutes', () => {
    // Arrange
    const times = Array.from(
      { length: 120 },
      (_, i) =>
        `2026-11-01 0${Math.floor(i / 60)}:${String(i % 60).padStart(2, '0')}:30`,
    );
    // Act
    const once = times.map((t) =>
      parseLocalDateTime(t, 'America/New_York', 'created'),
    );
    const again = times.map((t) =>
      parseLocalDateTime(t, 'America/New_York', 'created'),
    );
    // Assert
    expect(again).toStrictEqual(once);
    expect(once[0]).toBe('2026-11-01T04:00:30.000Z');
    expect(once[119]).toBe('2026-11-01T05:59:30.000Z');
  });

  it('keeps working after the cache fills up', () => {
    // Act: more distinct days than the cache holds
    const results = Array.from({ length: 10_050 }, (_, i) =>
      parseLocalDateTime(
        new Date(Date.UTC(2000, 0, 1) + i * 86_400_000)
          .toISOString()
          .replace('T', ' ')
          .slice(0, 19),
        'Asia/Tokyo',
        'created',
      ),
    );
    // Assert
    expect(results[0]).toBe('1999-12-31T15:00:00.000Z');
    expect(results[10_049]).toBe(
      new Date(Date.UTC(1999, 11, 31, 15) + 10_049 * 86_400_000).toISOString(),
    );
  });

  it('reads both sides of a fall-back transition day consistently', () => {
    expect(
      parseLocalDateTime('2026-11-01 00:30:00', 'America/New_York', 'created'),
    ).toBe('2026-11-01T04:30:00.000Z');
    expect(
      parseLocalDateTime('2026-11-01 03:30:00', 'America/New_York', 'created'),
    ).toBe('2026-11-01T08:30:00.000Z');
    expect(
      parseLocalDateTime('2026-11-01 03:30:00', 'America/New_York', 'created'),
    ).toBe('2026-11-01T08:30:00.000Z');
  });
});
