import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../core/errors';
import { isoFromMillis } from '../../../core/iso-millis';
import {
  fromEpochSeconds,
  parseIsoWithOffset,
  parseLocalDateTime,
  readIsoWithOffset,
  readLocalDateTime,
} from '../../../core/time';

const SEED = 20261125;

// What parseIsoWithOffset did before the scan: a regex, then Date.
const ISO =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
function isoByDate(value: string): string | null {
  if (!ISO.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** ISO-like text with fields in and out of range, and odd separators. */
const isoLike = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 60 }),
    s: fc.integer({ min: 0, max: 61 }),
    frac: fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{0,12}$/)),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.constant(''),
      fc.stringMatching(/^[+-]\d{2}:?\d{2}$/),
      fc.constant('+24:00'),
      fc.constant('z'),
    ),
    noSeconds: fc.boolean(),
  })
  .map(
    (f) =>
      `${pad(f.y, 4)}-${pad(f.mo, 2)}-${pad(f.d, 2)}T${pad(f.h, 2)}:${pad(f.mi, 2)}${
        f.noSeconds ? '' : `:${pad(f.s, 2)}${f.frac}`
      }${f.zone}`,
  );

describe('parseIsoWithOffset scan', () => {
  it('gives what Date gives, and refuses what the old check refused', () => {
    fc.assert(
      fc.property(fc.oneof(isoLike, fc.string({ maxLength: 30 })), (text) => {
        const expected = isoByDate(text);
        expect(readIsoWithOffset(text)).toBe(expected);
        if (expected === null) {
          expect(() => parseIsoWithOffset(text, 'f')).toThrow(
            MalformedPayloadError,
          );
        } else {
          expect(parseIsoWithOffset(text, 'f')).toBe(expected);
        }
      }),
      { numRuns: 20_000, seed: SEED },
    );
  });

  it.each([
    ['2026-02-29T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['2026-03-14T03:00:00.9999999Z', '2026-03-14T03:00:00.999Z'],
    ['2026-03-14T03:00:00.5-01:30', '2026-03-14T04:30:00.500Z'],
    ['1969-12-31T23:59:59Z', '1969-12-31T23:59:59.000Z'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseIsoWithOffset(input, 'f')).toBe(expected);
  });

  it('reads no time out of a non-string', () => {
    expect(readIsoWithOffset(1773454320)).toBeNull();
  });
});

describe('isoFromMillis', () => {
  it('formats exactly as toISOString over and beyond the cached range', () => {
    const ms = fc.oneof(
      fc.integer({ min: 0, max: 253_402_300_799_999 }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: 0, max: 2e12, noNaN: true }),
    );
    fc.assert(
      fc.property(ms, (n) => {
        expect(isoFromMillis(n)).toBe(new Date(n).toISOString());
      }),
      { numRuns: 20_000, seed: SEED },
    );
  });

  it('keeps answering after its day cache fills up', () => {
    for (let day = 0; day < 5000; day++) {
      const ms = day * 86_400_000 + 1;
      expect(isoFromMillis(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('refuses NaN', () => {
    expect(() => isoFromMillis(Number.NaN)).toThrow(MalformedPayloadError);
  });
});

describe('fromEpochSeconds', () => {
  it.each([
    // Float math would give …906 (1773483000.905511 * 1000 = …905.51 → round).
    [1773483000.905511, '2026-03-14T10:10:00.905Z'],
    // 1773457620.551903 * 1000 has float error; the digits say 551.
    [1773457620.551903, '2026-03-14T03:07:00.551Z'],
    ['1773457620.551903', '2026-03-14T03:07:00.551Z'],
    [' 1773457620.5 ', '2026-03-14T03:07:00.500Z'],
    ['1773457620.05', '2026-03-14T03:07:00.050Z'],
    ['1773457620.', '2026-03-14T03:07:00.000Z'],
    [1773457620, '2026-03-14T03:07:00.000Z'],
    ['1.7734576205e9', '2026-03-14T03:07:00.500Z'],
    [1e-7, '1970-01-01T00:00:00.000Z'],
    ['.5', '1970-01-01T00:00:00.500Z'],
  ])('reads %s as %s, truncated', (input, expected) => {
    expect(fromEpochSeconds(input, 'timestamp')).toBe(expected);
  });

  it('refuses seconds beyond the date range', () => {
    expect(() => fromEpochSeconds('1234567890123456', 'timestamp')).toThrow(
      MalformedPayloadError,
    );
  });

  it('truncates every millisecond of decimal text exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4_102_444_800 }),
        fc.stringMatching(/^\d{1,9}$/),
        (seconds, fraction) => {
          const ms =
            seconds * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
          expect(fromEpochSeconds(`${seconds}.${fraction}`, 't')).toBe(
            new Date(ms).toISOString(),
          );
        },
      ),
      { numRuns: 5000, seed: SEED },
    );
  });
});

describe('readLocalDateTime', () => {
  it('reads a CMC wall-clock time or answers null', () => {
    expect(readLocalDateTime('2026-03-14 11:10:00', 'Asia/Tokyo')).toBe(
      '2026-03-14T02:10:00.000Z',
    );
    expect(readLocalDateTime('2026-03-14 11:10:0x', 'Asia/Tokyo')).toBeNull();
    expect(readLocalDateTime(20260314, 'Asia/Tokyo')).toBeNull();
  });

  it.each([
    ['2026-13-01 10:00:00', 'month 13'],
    ['2026-02-29 10:00:00', 'Feb 29 of a common year'],
    ['2026-04-31 10:00:00', 'Apr 31'],
    ['2026-03-14 24:00:00', 'hour 24'],
    ['2026-03-14 10:60:00', 'minute 60'],
    ['2026-03-14 10:00:60', 'second 60'],
    ['0099-01-01 00:00:00', 'year 99, which Date.UTC reads as 1999'],
  ])('refuses %s (%s) instead of rolling it into another time', (text) => {
    expect(readLocalDateTime(text, 'Asia/Tokyo')).toBeNull();
    expect(() => parseLocalDateTime(text, 'Asia/Tokyo', 'created')).toThrow(
      `created is not "YYYY-MM-DD HH:MM:SS": "${text}"`,
    );
  });

  it('reads the last second of a day and Feb 29 of a leap year', () => {
    expect(readLocalDateTime('2024-02-29 23:59:59', 'UTC')).toBe(
      '2024-02-29T23:59:59.000Z',
    );
  });

  it('names the field when the shape is wrong', () => {
    expect(() =>
      parseLocalDateTime('2026-03-14 1:10:00', 'Asia/Tokyo', 'created'),
    ).toThrow('created is not "YYYY-MM-DD HH:MM:SS": "2026-03-14 1:10:00"');
  });

  it('keeps answering across many minutes of transition days', () => {
    // Each minute of a DST transition day is looked up on its own.
    for (let year = 2020; year < 2028; year++) {
      const sunday = [8, 14, 13, 12, 10, 9, 8, 14][year - 2020]!;
      for (let minute = 0; minute < 1440; minute += 1) {
        const hh = pad(Math.floor(minute / 60), 2);
        const text = `${year}-03-${pad(sunday, 2)} ${hh}:${pad(minute % 60, 2)}:00`;
        const iso = readLocalDateTime(text, 'America/New_York');
        expect(iso).toMatch(/^\d{4}-03-\d{2}T\d{2}:\d{2}:00\.000Z$/);
      }
    }
    expect(readLocalDateTime('2026-03-08 12:00:00', 'America/New_York')).toBe(
      '2026-03-08T16:00:00.000Z',
    );
  });

  it('keeps answering after a zone has cached many days', () => {
    for (let day = 0; day < 10_050; day += 1) {
      const date = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000);
      const text = `${date.toISOString().slice(0, 10)} 12:00:00`;
      expect(readLocalDateTime(text, 'UTC')).toBe(
        `${date.toISOString().slice(0, 10)}T12:00:00.000Z`,
      );
    }
  });
});
