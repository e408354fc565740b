import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitEvents,
  eventJsonBytesAtMost,
  MAX_EVENT_RECORD_BYTES,
} from '../../../core/event-admission';
import { normalizeMailgun } from '../../../core/providers/mailgun';
import type { EmailEvent } from '../../../core/schema';
import { loadFixture } from '../../helpers/fixtures';

const event: EmailEvent = normalizeMailgun(
  loadFixture('mailgun', 'webhook-delivered.json'),
  { receivedAt: '2026-03-14T02:10:03.000Z', source: 'webhook' },
)[0]!;

describe('admitEvents', () => {
  it('admits schema-valid events that fit one record', () => {
    // Act
    const admission = admitEvents([event, event]);
    // Assert
    expect(admission).toStrictEqual({ admitted: [event, event], refused: [] });
  });

  it('refuses an event the schema rejects, such as an empty recipient', () => {
    // Act
    const admission = admitEvents([{ ...event, recipient: '' }, event]);
    // Assert
    expect(admission).toStrictEqual({
      admitted: [event],
      refused: ['invalid-event'],
    });
  });

  it('refuses an event whose JSON line is over the record limit', () => {
    // Arrange: control characters grow six-fold when JSON-escaped.
    const subject = '\u0001'.repeat(Math.ceil(MAX_EVENT_RECORD_BYTES / 6));
    // Act
    const admission = admitEvents([{ ...event, subject }]);
    // Assert
    expect(admission).toStrictEqual({
      admitted: [],
      refused: ['oversize-event'],
    });
  });

  it('admits an event exactly at the limit given', () => {
    // Arrange
    const bytes = Buffer.byteLength(`${JSON.stringify(event)}\n`);
    // Act
    const at = admitEvents([event], bytes);
    const under = admitEvents([event], bytes - 1);
    // Assert
    expect([at.admitted.length, under.refused]).toStrictEqual([
      1,
      ['oversize-event'],
    ]);
  });
});

/** The bytes the sink writes for an event: its JSON line. */
const lineBytes = (e: unknown) => Buffer.byteLength(`${JSON.stringify(e)}\n`);

describe('eventJsonBytesAtMost', () => {
  // Any UTF-16 units, lone surrogates and control characters included: the
  // ones JSON escapes six-fold or UTF-8 writes in three bytes.
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const anyText = fc.oneof(
    text,
    // Long runs of what JSON writes six-fold: `\u0001`, a lone surrogate.
    fc.string({
      unit: fc.constantFrom('\u0001', '\ud800'),
      minLength: 500,
      maxLength: 3000,
    }),
    fc.string({
      unit: fc.constantFrom('\u0001', '"', '\\', 'é', '語', '😀'),
      maxLength: 500,
    }),
  );

  it('is never under the JSON line the sink writes', () => {
    fc.assert(
      fc.property(
        fc.record({
          recipient: anyText,
          subject: fc.option(anyText),
          diagnostic: fc.option(anyText),
          smtp_code: fc.option(fc.integer({ min: 0, max: 999 })),
          tags: fc.option(fc.dictionary(anyText, anyText, { maxKeys: 8 })),
        }),
        (fields) => {
          const e = { ...event, ...fields } as EmailEvent;
          expect(eventJsonBytesAtMost(e)).toBeGreaterThanOrEqual(lineBytes(e));
        },
      ),
      // Long strings shrink slowly: report the first counterexample as found.
      { numRuns: 300, endOnFailure: true },
    );
  });

  it('bounds a fixture event within a few kilobytes', () => {
    // Act
    const bound = eventJsonBytesAtMost(event);
    // Assert: far under the record limit, so no event is serialized twice
    expect(bound).toBeGreaterThanOrEqual(lineBytes(event));
    expect(bound).toBeLessThan(8 * 1024);
  });

  it('still measures exactly when the bound is over the limit', () => {
    // Arrange: 6,000 plain letters write 6,000 bytes; the bound says ~36,000
    const e = { ...event, subject: 'a'.repeat(6000) };
    const exact = lineBytes(e);
    // Act
    const fits = admitEvents([e], exact);
    const over = admitEvents([e], exact - 1);
    // Assert
    expect(eventJsonBytesAtMost(e)).toBeGreaterThan(exact);
    expect([fits.admitted.length, over.refused]).toStrictEqual([
      1,
      ['oversize-event'],
    ]);
  });
});
