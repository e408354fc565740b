import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../bench/corpus';
import { createRng } from '../../../bench/prng';
import { normalizeInput } from '../../../core/normalize-input';
import { EmailEventSchema, EVENT_TYPES } from '../../../core/schema';

const digest = (events: number, seed?: number) => {
  const hash = createHash('sha256');
  for (const p of generateCorpus({ events, seed })) hash.update(p.body);
  return hash.digest('hex');
};

describe('createRng (mulberry32)', () => {
  it('repeats its sequence for a seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    expect([a.next(), a.next(), a.int(1, 6)]).toStrictEqual([
      b.next(),
      b.next(),
      b.int(1, 6),
    ]);
  });
});

describe('generateCorpus', () => {
  it('produces the same bytes for the same seed and different bytes for another', () => {
    expect(digest(2000)).toBe(digest(2000));
    expect(digest(2000, 1)).not.toBe(digest(2000));
  });

  it('yields payloads that normalize to exactly the events they declare', () => {
    // Arrange
    let declared = 0;
    let normalized = 0;
    const types = new Set<string>();
    // Act
    for (const p of generateCorpus({ events: 4000 })) {
      declared += p.events;
      const events = normalizeInput(p.provider, p.body, {
        receivedAt: '2026-03-14T03:00:00.000Z',
        contentType: p.contentType,
      });
      normalized += events.length;
      for (const e of events) types.add(EmailEventSchema.parse(e).event_type);
    }
    // Assert
    expect(normalized).toBe(declared);
    expect(declared).toBeGreaterThanOrEqual(4000);
    expect([...types].sort()).toStrictEqual([...EVENT_TYPES].sort());
  });

  it('covers every provider and wire shape with an equal share of events', () => {
    const shares: Record<string, number> = {};
    const shapes = new Set<string>();
    for (const p of generateCorpus({ events: 4000 })) {
      shares[p.provider] = (shares[p.provider] ?? 0) + p.events;
      shapes.add(p.shape);
    }
    expect(Object.keys(shares).sort()).toStrictEqual([
      'blastengine',
      'cmc',
      'mailgun',
      'ses',
    ]);
    for (const n of Object.values(shares))
      expect(n).toBeGreaterThanOrEqual(1000);
    expect([...shapes].sort()).toStrictEqual([
      'blastengine-webhook',
      'cmc-webhook',
      'firehose-transform',
      'mailgun-webhook',
      'ses-raw',
      'sns-lambda',
    ]);
  });

  it('varies recipients, subjects and times instead of repeating fixtures', () => {
    const recipients = new Set<string>();
    const subjects = new Set<string>();
    const days = new Set<string>();
    for (const p of generateCorpus({ events: 2000, providers: ['mailgun'] })) {
      for (const e of normalizeInput('mailgun', p.body, {
        receivedAt: '2026-03-14T03:00:00.000Z',
      })) {
        recipients.add(e.recipient);
        subjects.add(e.subject ?? '');
        days.add(e.occurred_at.slice(0, 10));
      }
    }
    expect(recipients.size).toBeGreaterThan(1900);
    expect(subjects.size).toBeGreaterThan(8);
    expect(days.size).toBeGreaterThan(30);
  });
});
