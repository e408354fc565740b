import type { Rng } from './prng';

/** The random values of one rendering of a template. */
export interface Draw {
  readonly rng: Rng;
  readonly shiftMs: number;
  readonly subject: string;
  readonly addresses: string[];
}

/** One varying piece of a rendered template. */
export type Slot = (d: Draw) => string;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A slot shifting an ISO-like wall-clock time, keeping its exact format. */
export function timeSlot(m: RegExpExecArray): Slot {
  const [, y, mo, d, sep, h, mi, s, frac = '', zone = ''] = m;
  const digits = Math.max(frac.length - 1, 0);
  const base =
    Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) +
    (frac ? Math.round(Number(`0${frac}`) * 1000) : 0);
  return ({ shiftMs }) => {
    const t = new Date(base + (digits ? shiftMs : shiftMs - (shiftMs % 1000)));
    const fraction = digits
      ? `.${pad(t.getUTCMilliseconds(), 3).padEnd(digits, '0').slice(0, digits)}`
      : '';
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}${sep}${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${fraction}${zone}`;
  };
}

/** Replaces the last (up to) 8 alphanumerics of an id, keeping its shape. */
export function idSlot(id: string): Slot {
  const positions: number[] = [];
  for (let i = id.length - 1; i >= 0 && positions.length < 8; i--) {
    if (/[0-9a-zA-Z]/.test(id[i]!)) positions.push(i);
  }
  return ({ rng }) => {
    const chars = id.split('');
    for (const i of positions) {
      const c = chars[i]!;
      const r = rng.int(0, 15);
      chars[i] =
        c <= '9'
          ? String(r % 10)
          : c <= 'Z'
            ? 'ABCDEF'[r % 6]!
            : r.toString(16);
    }
    return JSON.stringify(chars.join('')).slice(1, -1);
  };
}
