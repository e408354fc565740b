import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateProviderCorpus } from '../../../bench/corpus';
import { isEmailEventFast, isValidEvent } from '../../../core/event-check';
import { normalizeInput } from '../../../core/normalize-input';
import {
  type EmailEvent,
  EmailEventSchema,
  EVENT_COLUMNS,
  PROVIDERS,
} from '../../../core/schema';
import * as z from '../../../core/zod';

const zodSays = (v: unknown) => z.safeParse(EmailEventSchema, v).success;

const base: EmailEvent = {
  schema_version: 1,
  event_id: '0123456789abcdef0123456789abcdef',
  provider: 'mailgun',
  event_type: 'bounced',
  bounce_type: 'hard',
  occurred_at: '2026-03-14T02:10:02.537Z',
  received_at: '2026-03-14T03:00:00.000Z',
  recipient: 'a@example.com',
  recipient_domain: 'example.com',
  sender: 'b@example.org',
  from_domain: 'example.org',
  message_id: 'm-1@example.org',
  subject: 'Hello',
  smtp_code: 550,
  smtp_status: '5.1.1',
  diagnostic: 'user unknown',
  provider_event: 'failed:permanent:bounce',
  tags: { tenant: 'acme' },
  source: 'webhook',
};

const withField = (key: string, value: unknown): Record<string, unknown> => ({
  ...base,
  [key]: value,
});

describe('isEmailEventFast', () => {
  it('takes every event the normalizers make from the bench corpus', () => {
    // Arrange: every provider's wire shapes and event types
    const events = PROVIDERS.flatMap((provider) =>
      [...generateProviderCorpus(provider, 2000, 11)].flatMap((p) =>
        normalizeInput(provider, p.body, {
          receivedAt: '2026-03-14T03:00:00.000Z',
          contentType: p.contentType,
        }),
      ),
    );
    // Act
    const slow = events.filter((e) => !isEmailEventFast(e));
    // Assert
    expect(events.length).toBeGreaterThan(8000);
    expect(slow).toStrictEqual([]);
  });

  it.each([
    ['bounce_type', null, 'event_type bounced'],
    ['schema_version', 2, ''],
    ['event_id', 'ABCDEF0123456789abcdef0123456789', 'upper case'],
    ['event_id', 42, ''],
    ['provider', 'sendgrid', ''],
    ['event_type', 'sent', ''],
    ['occurred_at', '2026-03-14T02:10:02Z', 'no millis'],
    ['occurred_at', 1773454202537, ''],
    ['received_at', '2026-03-14 03:00:00.000Z', ''],
    ['recipient', '', ''],
    ['recipient', null, ''],
    ['recipient_domain', null, ''],
    ['sender', 7, ''],
    ['from_domain', false, ''],
    ['message_id', {}, ''],
    ['subject', [], ''],
    ['smtp_code', 1000, ''],
    ['smtp_code', -1, ''],
    ['smtp_code', 5.5, ''],
    ['smtp_code', '550', ''],
    ['smtp_status', 5, ''],
    ['diagnostic', undefined, ''],
    ['provider_event', null, ''],
    ['tags', { a: 1 }, ''],
    ['tags', [], ''],
    ['tags', 'a=b', ''],
    ['source', 'email', ''],
  ] as [string, unknown, string][])(
    'refuses %s = %j %s, as the schema does',
    (key, value) => {
      // Arrange
      const event = withField(key, value);
      // Act + Assert
      expect([isEmailEventFast(event), zodSays(event)]).toStrictEqual([
        false,
        false,
      ]);
    },
  );

  it('refuses a bounce type on an event that is no bounce', () => {
    const event = { ...base, event_type: 'delivered', bounce_type: 'hard' };
    expect([isEmailEventFast(event), zodSays(event)]).toStrictEqual([
      false,
      false,
    ]);
  });

  it.each([
    ['a missing column', (e: Record<string, unknown>) => delete e.tags],
    ['an extra column', (e: Record<string, unknown>) => (e.extra = 'x')],
    [
      'a symbol tag key',
      (e: Record<string, unknown>) => {
        e.tags = { [Symbol('s')]: 'x' };
      },
    ],
  ])('refuses an object with %s', (_, mutate) => {
    // Arrange
    const event: Record<string, unknown> = { ...base, tags: { ...base.tags } };
    mutate(event);
    // Act + Assert
    expect(isEmailEventFast(event)).toBe(false);
  });

  it.each([
    ['a delivery', { event_type: 'delivered', bounce_type: null }],
    [
      'every nullable column null',
      {
        sender: null,
        from_domain: null,
        message_id: null,
        subject: null,
        smtp_code: null,
        smtp_status: null,
        diagnostic: null,
        tags: null,
      },
    ],
    ['no tags but an empty map', { tags: {} }],
    ['the lowest and highest codes', { smtp_code: 0 }],
    ['code 999', { smtp_code: 999 }],
  ])('accepts %s, as the schema does', (_, fields) => {
    const event = { ...base, ...fields };
    expect([isEmailEventFast(event), zodSays(event)]).toStrictEqual([
      true,
      true,
    ]);
  });

  it('never says yes where the schema says no', () => {
    // Each column: a valid value, one of another column, or anything at all;
    // sometimes a column dropped, one added, a symbol or a hidden key.
    const column = (name: string) =>
      fc.oneof(
        fc.constant(base[name as keyof EmailEvent]),
        fc.constantFrom(...Object.values(base)),
        fc.constantFrom(null, '', -0, 0, 999, 1000, Number.NaN, 'bounced'),
        fc.anything(),
      );
    const record = fc.record(
      Object.fromEntries(EVENT_COLUMNS.map((c) => [c.name, column(c.name)])),
    );
    fc.assert(
      fc.property(
        record,
        fc.option(fc.constantFrom(...EVENT_COLUMNS.map((c) => c.name))),
        fc.boolean(),
        fc.constantFrom('none', 'symbol', 'hidden'),
        (fields, dropped, extra, odd) => {
          const event: Record<string, unknown> = { ...fields };
          if (dropped) delete event[dropped];
          if (extra) event.extra = 1;
          if (odd === 'symbol') Object.assign(event, { [Symbol('s')]: 1 });
          if (odd === 'hidden') {
            Object.defineProperty(event, 'hidden', { value: 1 });
          }
          if (isEmailEventFast(event)) expect(zodSays(event)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('isValidEvent', () => {
  it('ignores a symbol key, as the schema and JSON.stringify do', () => {
    const event = Object.assign({ ...base }, { [Symbol('s')]: 'x' });
    expect([isEmailEventFast(event), zodSays(event)]).toStrictEqual([
      true,
      true,
    ]);
  });

  it('asks the schema about objects the fast check leaves to it', () => {
    // Arrange: not an object literal, yet every field valid
    const nullProto = Object.assign(Object.create(null), base);
    // Act + Assert
    expect(isEmailEventFast(nullProto)).toBe(false);
    expect(isValidEvent(nullProto)).toBe(zodSays(nullProto));
    expect(isValidEvent([base])).toBe(false);
    expect(isValidEvent(null)).toBe(false);
    expect(isValidEvent(base)).toBe(true);
  });
});
