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
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 10_000;

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
  // Offsets change at most on minute boundaries, so one lookup per zone and
  // wall-clock minute serves a whole batch (Intl formatting is the costly
  // part of a CMC event).
  const minuteKey = `${timeZone}|${Math.floor(wall / 60_000)}`;
  let offset = offsetCache.get(minuteKey);
  if (offset === undefined) {
    assertTimeZone(timeZone);
    // Two passes settle the offset across DST transitions.
    const first = offsetMinutesAt(wall, timeZone);
    offset = offsetMinutesAt(wall - first * 60_000, timeZone);
    if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
    offsetCache.set(minuteKey, offset);
  }
  return toIsoMillis(new Date(wall - offset * 60_000));
}
