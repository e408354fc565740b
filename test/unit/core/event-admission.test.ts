import { describe, expect, it } from 'vitest';
import {
  admitEvents,
  MAX_EVENT_RECORD_BYTES,
} from '../../../core/event-admission';
import { normalizeMailgun } from '../../../core/providers/mailgun';
import { loadFixture } from '../../helpers/fixtures';

const [event] = normalizeMailgun(
  loadFixture('mailgun', 'webhook-delivered.json'),
  { receivedAt: '2026-03-14T02:10:03.000Z', source: 'webhook' },
);

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
