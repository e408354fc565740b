import { MalformedPayloadError } from './errors';
import { isoFromMillis } from './iso-millis';

/** A transport's own time for a payload and the field it came from. */
export interface TransportTime {
  /** Canonical ISO UTC with millis. */
  readonly at: string;
  /** e.g. `sns.Timestamp`, recorded in the `mailtrail:time_source` tag. */
  readonly field: string;
}

/** Formats a Date as ISO 8601 UTC with milliseconds (the canonical form). */
export function toIsoMillis(date: Date): string {
  return isoFromMillis(date.getTime());
}

const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits of `s` from `start` to `end` as a number; NaN if any is not one. */
function digits(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Epoch millis of the wall-clock `YYYY-MM-DD?HH:MM:SS` that `s` starts with
 * (its separators already checked) when every field is in its ordinary
 * range: year ≥ 1970, a day its month has, at most 23:59:59. Else NaN:
 * `Date.UTC` would roll a month 13, Feb 30 or 25:61 into another time and
 * read the years 0–99 as 1900–1999.
 */
function wallClockMillis(s: string): number {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  if (!(year >= 1970 && month >= 1 && month <= 12 && day >= 1)) {
    return Number.NaN;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!;
  if (!(day <= monthDays && hour <= 23 && minute <= 59 && second <= 59)) {
    return Number.NaN;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * Epoch millis of `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)` with every field in its
 * ordinary range (year ≥ 1970), read by a scan; else NaN and the caller falls
 * back to Date's parser, which also handles the rarer forms (no seconds,
 * `+HHMM`, Feb 30 or 24:00, which Date rolls over). Fractions of up to 9
 * digits are truncated to milliseconds, as Date does.
 */
function scanIsoWithOffset(s: string): number {
  const n = s.length;
  if (n < 20 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T')
    return Number.NaN;
  if (s[13] !== ':' || s[16] !== ':') return Number.NaN;
  const wall = wallClockMillis(s);
  if (Number.isNaN(wall)) return Number.NaN;
  let i = 19;
  let millis = 0;
  if (s[i] === '.') {
    const start = ++i;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      // Digits past the third are truncated, as Date does.
      if (i - start < 3)
        millis += d * (i === start ? 100 : i === start + 1 ? 10 : 1);
    }
    // Date reads more than 9 fraction digits its own way: leave those to it.
    if (i === start || i - start > 9) return Number.NaN;
  }
  let offset = 0;
  if (s[i] === 'Z' && i + 1 === n) {
    offset = 0;
  } else if (
    (s[i] === '+' || s[i] === '-') &&
    i + 6 === n &&
    s[i + 3] === ':'
  ) {
    const oh = digits(s, i + 1, i + 3);
    const om = digits(s, i + 4, i + 6);
    if (!(oh <= 23 && om <= 59)) return Number.NaN;
    offset = (s[i] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else {
    return Number.NaN;
  }
  return wall + millis - offset;
}

/** Canonical UTC of an ISO 8601 timestamp with offset, or null for anything else. */
export function readIsoWithOffset(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = scanIsoWithOffset(value);
  if (!Number.isNaN(ms)) return isoFromMillis(ms);
  if (!ISO_WITH_OFFSET.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : isoFromMillis(date.getTime());
}

/**
 * Parses an ISO 8601 timestamp that carries an offset or `Z`
 * (SES, blastengine) into canonical UTC form.
 */
export function parseIsoWithOffset(value: unknown, field: string): string {
  if (typeof value === 'string') {
    const ms = scanIsoWithOffset(value);
    if (!Number.isNaN(ms)) return isoFromMillis(ms);
  }
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value)) {
    throw new MalformedPayloadError(
      `${field} is not an ISO 8601 timestamp with offset: ${JSON.stringify(value)}`,
    );
  }
  return toIsoMillis(new Date(value));
}

/**
 * Epoch milliseconds of decimal seconds text (`1773454320.771029`), truncated
 * as Date, Python and Go truncate: read from the digits, so float error
 * cannot move a millisecond. NaN unless the text is `digits[.digits]`.
 */
function millisOfDecimalSeconds(text: string): number {
  const dot = text.indexOf('.');
  const end = dot < 0 ? text.length : dot;
  if (end === 0 || end > 15) return Number.NaN;
  const seconds = digits(text, 0, end);
  if (dot < 0) return seconds * 1000;
  const fraction = text.length - dot - 1;
  if (fraction === 0 || Number.isNaN(digits(text, dot + 1, text.length))) {
    return Number.NaN;
  }
  const millis = digits(text, dot + 1, Math.min(dot + 4, text.length));
  return seconds * 1000 + millis * 10 ** Math.max(0, 3 - fraction);
}

/**
 * Converts epoch seconds (Mailgun's float timestamps, or their text) to
 * canonical UTC, truncated to the millisecond. A number is read through its
 * shortest decimal text, which is the text Mailgun sent.
 */
export function fromEpochSeconds(value: unknown, field: string): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw new MalformedPayloadError(
      `${field} is not epoch seconds: ${JSON.stringify(value)}`,
    );
  }
  const ms = millisOfDecimalSeconds(
    typeof value === 'string' ? value.trim() : String(n),
  );
  // Other spellings Number() reads (`1.7e9`, tiny values printed with an
  // exponent) go through float math.
  return isoFromMillis(Number.isNaN(ms) ? Math.floor(n * 1000) : ms);
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const DAY_MS = 86_400_000;
// Zone offsets lie within ±14 h: every UTC instant of a wall-clock day lies
// in [day start − 14 h, day end + 14 h].
const ZONE_SPAN_MS = 14 * 3_600_000;
const OFFSET_CACHE_LIMIT = 10_000;
const offsetCache = new Map<string, number | null>();

function remember(key: string, value: number | null): number | null {
  if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
  offsetCache.set(key, value);
  return value;
}

// Per zone, the steady offset of each wall-clock day (numeric keys: no
// string is built per event).
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * The zone's offset for a whole wall-clock day when it has no transition
 * around that day (the same offset 14 h before it starts and 14 h after it
 * ends), else null. One lookup per zone and day serves a whole batch: Intl
 * formatting is the costly part of a CMC event.
 */
function steadyOffsetOfDay(wallDay: number, timeZone: string): number | null {
  let days = dayOffsets.get(timeZone);
  const hit = days?.get(wallDay);
  if (hit !== undefined) return hit;
  assertTimeZone(timeZone);
  if (!days || days.size >= OFFSET_CACHE_LIMIT) {
    days = new Map();
    dayOffsets.set(timeZone, days);
  }
  const before = offsetMinutesAt(wallDay * DAY_MS - ZONE_SPAN_MS, timeZone);
  const after = offsetMinutesAt(
    (wallDay + 1) * DAY_MS + ZONE_SPAN_MS,
    timeZone,
  );
  const offset = before === after ? before : null;
  days.set(wallDay, offset);
  return offset;
}

/** The offset at a wall-clock time on a transition day, per minute. */
function transitionDayOffset(wall: number, timeZone: string): number {
  const key = `m|${timeZone}|${Math.floor(wall / 60_000)}`;
  const hit = offsetCache.get(key);
  if (typeof hit === 'number') return hit;
  // Two passes settle the offset across the transition.
  const first = offsetMinutesAt(wall, timeZone);
  return remember(
    key,
    offsetMinutesAt(wall - first * 60_000, timeZone),
  ) as number;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** Throws unless `timeZone` is an IANA zone name this runtime knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch (cause) {
    throw new MalformedPayloadError(`unknown timezone: ${timeZone}`, { cause });
  }
}

function offsetMinutesAt(utcMillis: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMillis));
  const get = (type: string): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - utcMillis) / 60_000);
}

/** `YYYY-MM-DD?HH:MM:SS`: the separators of a CMC wall-clock time. */
function hasLocalShape(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length === 19 &&
    value[4] === '-' &&
    value[7] === '-' &&
    (value[10] === ' ' || value[10] === 'T') &&
    value[13] === ':' &&
    value[16] === ':'
  );
}

/**
 * Reads a wall-clock `YYYY-MM-DD HH:MM:SS` (no offset, as CMC sends it) in the
 * given IANA timezone and returns canonical UTC, or null when `value` has
 * another shape or a field out of its range, such as Feb 30 (see
 * {@link parseLocalDateTime} for the error).
 */
export function readLocalDateTime(
  value: unknown,
  timeZone: string,
): string | null {
  if (!hasLocalShape(value)) return null;
  const wall = wallClockMillis(value);
  if (Number.isNaN(wall)) return null;
  const offset =
    steadyOffsetOfDay(Math.floor(wall / DAY_MS), timeZone) ??
    transitionDayOffset(wall, timeZone);
  return isoFromMillis(wall - offset * 60_000);
}

/**
 * Reads a wall-clock `YYYY-MM-DD HH:MM:SS` (no offset, as CMC sends it) in the
 * given IANA timezone and returns canonical UTC; another shape throws
 * MalformedPayloadError naming `field`.
 */
export function parseLocalDateTime(
  value: unknown,
  timeZone: string,
  field: string,
): string {
  const iso = readLocalDateTime(value, timeZone);
  if (iso === null) {
    throw new MalformedPayloadError(
      `${field} is not "YYYY-MM-DD HH:MM:SS": ${JSON.stringify(value)}`,
    );
  }
  return iso;
}
