import {
  LOCAL_PARTS,
  RECIPIENT_DOMAINS,
  SENDING_DOMAINS,
  SUBJECTS,
} from './pools';
import type { Rng } from './prng';
import { type Draw, idSlot, type Slot, timeSlot } from './slots';

const EMAIL = /[A-Za-z0-9._%+=-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const SENDER_KEYS = new Set(['from', 'source', 'returnpath', 'sender']);
const ID_KEYS = new Set([
  'messageid',
  'message-id',
  'id',
  'feedbackid',
  'token',
  'signature',
  'recordid',
  'delivery_id',
  'apidata',
  'order_id',
  'key',
]);
type Segment = string | Slot;

/** A template compiled once into JSON text pieces and random slots. */
export interface CompiledTemplate {
  readonly segments: readonly Segment[];
  /** Per address index: true for a sender (bounded sending domains). */
  readonly senders: readonly boolean[];
}

const ESCAPED_SUBJECTS = SUBJECTS.map((s) => JSON.stringify(s).slice(1, -1));

class Compiler {
  readonly segments: Segment[] = [];
  readonly senders: boolean[] = [];
  private readonly index = new Map<string, number>();

  lit(text: string): void {
    const last = this.segments.length - 1;
    if (typeof this.segments[last] === 'string') this.segments[last] += text;
    else this.segments.push(text);
  }

  /** Sender addresses are collected first so they keep sending domains. */
  address(found: string, sender: boolean): number {
    const key = found.toLowerCase();
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.senders.push(sender) - 1;
      this.index.set(key, i);
    }
    return i;
  }

  /** A slot for a string that changes per rendering, or undefined. */
  private stringSlot(value: string, key: string): Slot | undefined {
    const time = ISO.exec(value);
    if (key === 'subject' && value !== '') return (d) => d.subject;
    if (time) return timeSlot(time);
    if (key === 'timestamp' && /^\d{10}$/.test(value)) {
      const n = Number(value);
      return (d) => String(n + Math.round(d.shiftMs / 1000));
    }
    if (ID_KEYS.has(key) && !value.includes('@')) return idSlot(value);
    return undefined;
  }

  string(value: string, key: string, sender: boolean): void {
    const slot = this.stringSlot(value, key);
    if (slot) {
      this.slot(slot);
      return;
    }
    let at = 0;
    for (const m of value.matchAll(EMAIL)) {
      this.lit(JSON.stringify(value.slice(at, m.index)).slice(1, -1));
      const i = this.address(m[0], sender);
      this.segments.push((d) => d.addresses[i]!);
      at = m.index + m[0].length;
    }
    this.lit(JSON.stringify(value.slice(at)).slice(1, -1));
  }

  private slot(slot: Slot): void {
    this.segments.push(slot);
  }

  value(value: unknown, key: string, sender: boolean): void {
    if (typeof value === 'string') {
      this.lit('"');
      this.string(value, key, sender);
      this.lit('"');
    } else if (typeof value === 'number' && key === 'timestamp') {
      this.slot((d) => String(value + d.shiftMs / 1000));
    } else if (typeof value === 'number' && ID_KEYS.has(key)) {
      const digits = String(Math.abs(value)).length;
      this.slot((d) => String(d.rng.int(10 ** (digits - 1), 10 ** digits - 1)));
    } else if (Array.isArray(value)) {
      this.lit('[');
      value.forEach((x, i) => {
        if (i > 0) this.lit(',');
        this.value(x, key, sender);
      });
      this.lit(']');
    } else if (value !== null && typeof value === 'object') {
      this.object(value as Record<string, unknown>);
    } else {
      this.lit(JSON.stringify(value));
    }
  }

  private object(obj: Record<string, unknown>): void {
    // SES mail.headers: [{ name: 'Subject', value: '…' }] — the name is the key.
    const header =
      typeof obj.name === 'string' && 'value' in obj
        ? obj.name.toLowerCase().replace('return-path', 'returnpath')
        : undefined;
    this.lit('{');
    Object.entries(obj).forEach(([k, child], i) => {
      const key = k === 'value' && header ? header : k.toLowerCase();
      this.lit(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
      this.value(child, key, SENDER_KEYS.has(key));
    });
    this.lit('}');
  }
}

function collectSenders(value: unknown, key: string, c: Compiler): void {
  if (typeof value === 'string' && SENDER_KEYS.has(key)) {
    for (const m of value.matchAll(EMAIL)) c.address(m[0], true);
  } else if (Array.isArray(value)) {
    for (const x of value) collectSenders(x, key, c);
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const header = typeof obj.name === 'string' ? obj.name.toLowerCase() : '';
    for (const [k, child] of Object.entries(obj)) {
      collectSenders(
        child,
        k === 'value' && header ? header : k.toLowerCase(),
        c,
      );
    }
  }
}

/** Compiles a template event once; render it many times with {@link renderItem}. */
export function compileTemplate(template: unknown): CompiledTemplate {
  const c = new Compiler();
  collectSenders(template, '', c);
  c.value(template, '', false);
  return { segments: c.segments, senders: c.senders };
}

/**
 * JSON text of a fresh variant of a template: new recipients (consistent
 * within the item), ids, a subject from {@link SUBJECTS}, and every time
 * shifted by the same amount (up to 60 days back), each in its own format.
 */
export function renderItem(t: CompiledTemplate, rng: Rng): string {
  const d: Draw = {
    rng,
    shiftMs: -rng.int(0, 60 * 86_400) * 1000 - rng.int(0, 999),
    subject: rng.pick(ESCAPED_SUBJECTS),
    addresses: t.senders.map((sender) =>
      sender
        ? `${rng.pick(['noreply', 'info', 'bounce'])}@${rng.pick(SENDING_DOMAINS)}`
        : `${rng.pick(LOCAL_PARTS)}${rng.int(1, 999_999)}@${rng.pick(RECIPIENT_DOMAINS)}`,
    ),
  };
  let out = '';
  for (const s of t.segments) out += typeof s === 'string' ? s : s(d);
  return out;
}
