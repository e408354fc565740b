import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSesHead, readSesMail } from '../../../../core/providers/ses-read';
import {
  SesEventSchema,
  SesHeadSchema,
} from '../../../../core/providers/ses-schema';
import * as z from '../../../../core/zod';
import { loadFixture } from '../../../helpers/fixtures';

// Values of every JSON kind, and the near misses the schemas refuse.
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), {
    maxLength: 3,
  }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), {
    maxKeys: 2,
  }),
);

const tags = fc.oneof(
  anyValue,
  fc.dictionary(
    fc.string({ maxLength: 4 }),
    fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
      fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 2 }),
      fc.integer(),
      fc.constant(null),
    ),
    { maxKeys: 3 },
  ),
);

const headers = fc.oneof(
  anyValue,
  fc.record({ subject: anyValue }, { requiredKeys: [] }),
);

const mail = fc.record(
  {
    timestamp: fc.oneof(fc.constant('2026-03-14T02:10:00.120Z'), anyValue),
    messageId: fc.oneof(fc.constant('0106019e-1'), anyValue),
    source: fc.oneof(fc.constant('a@example.com'), anyValue),
    destination: fc.oneof(
      fc.array(fc.oneof(fc.constant('b@example.com'), anyValue), {
        maxLength: 3,
      }),
      anyValue,
    ),
    commonHeaders: headers,
    tags,
    extra: anyValue,
  },
  { requiredKeys: [] },
);

const payload = fc.oneof(
  fc.record({ mail: fc.oneof(mail, anyValue) }, { requiredKeys: [] }),
  anyValue,
);

describe('hand-written SES checks', () => {
  it('accept exactly the mails SesEventSchema accepts, returning the same data', () => {
    fc.assert(
      fc.property(payload, (p) => {
        const fast = readSesMail(p);
        const slow = z.safeParse(SesEventSchema, p);
        expect(fast !== null).toBe(slow.success);
        if (slow.success) {
          // The fields the normalizer reads are the same values.
          const m = slow.data.mail;
          expect([
            fast?.timestamp,
            fast?.messageId,
            fast?.source,
            fast?.destination,
            fast?.commonHeaders?.subject,
            fast?.tags,
          ]).toStrictEqual([
            m.timestamp,
            m.messageId,
            m.source,
            m.destination,
            m.commonHeaders?.subject,
            m.tags,
          ]);
        }
      }),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it('accept exactly the heads SesHeadSchema accepts', () => {
    const head = fc.oneof(
      fc.record(
        {
          eventType: fc.oneof(fc.constant('Send'), anyValue),
          notificationType: fc.oneof(fc.constant('Bounce'), anyValue),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    );
    fc.assert(
      fc.property(head, (p) => {
        const fast = readSesHead(p);
        const slow = z.safeParse(SesHeadSchema, p);
        expect(fast !== null).toBe(slow.success);
        if (slow.success) {
          expect(fast?.type).toBe(
            slow.data.eventType ?? slow.data.notificationType,
          );
        }
      }),
      { numRuns: 2000, seed: 20261125 },
    );
  });

  it('accept every SES fixture', () => {
    for (const name of ['send', 'bounce-permanent', 'delivery', 'click']) {
      expect(readSesMail(loadFixture('ses', name))).not.toBeNull();
    }
  });
});
