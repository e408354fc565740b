import { MalformedPayloadError } from './errors';

/** Formats a Date as ISO 8601 UTC with milliseconds (the canonical form). */
export function toIsoMillis(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new MalformedPayloadError('invalid date');
  }
  return date.toISOString();
}

/**
 * Parses an ISO 8601 timestamp that carries an offset or `Z`
 * (SES, blastengine) into canonical UTC form.
 */
export function parseIsoWithOffset(value: unknown, field: string): string {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(
      value,
    )
  ) {
    throw new MalformedPayloadError(
      `${field} is not an ISO 8601 timestamp with offset: ${JSON.stringify(value)}`,
    );
  }
  return toIsoMillis(new Date(value));
}

/** Converts epoch seconds (Mailgun's float timestamps) to canonical UTC. */
export function fromEpochSeconds(value: unknown, field: string): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw new MalformedPayloadError(
      `${field} is not epoch seconds: ${JSON.stringify(value)}`,
    );
  }
  return toIsoMillis(new Date(Math.round(n * 1000)));
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

/**
 * The zone's offset for a whole wall-clock day when it has no transition
 * around that day (the same offset 14 h before it starts and 14 h after it
 * ends), else null. One lookup per zone and day serves a whole batch: Intl
 * formatting is the costly part of a CMC event.
 */
function steadyOffsetOfDay(wallDay: number, timeZone: string): number | null {
  const key = `d|${timeZone}|${wallDay}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  assertTimeZone(timeZone);
  const before = offsetMinutesAt(wallDay * DAY_MS - ZONE_SPAN_MS, timeZone);
  const after = offsetMinutesAt(
    (wallDay + 1) * DAY_MS + ZONE_SPAN_MS,
    timeZone,
  );
  return remember(key, before === after ? before : null);
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

/**
 * Reads a wall-clock `YYYY-MM-DD HH:MM:SS` (no offset, as CMC sends it) in the
 * given IANA timezone and returns canonical UTC.
 */
export function parseLocalDateTime(
  value: unknown,
  timeZone: string,
  field: string,
): string {
  const m =
    typeof value === 'string'
      ? /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value)
      : null;
  if (!m) {
    throw new MalformedPayloadError(
      `${field} is not "YYYY-MM-DD HH:MM:SS": ${JSON.stringify(value)}`,
    );
  }
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const offset =
    steadyOffsetOfDay(Math.floor(wall / DAY_MS), timeZone) ??
    transitionDayOffset(wall, timeZone);
  return toIsoMillis(new Date(wall - offset * 60_000));
}
