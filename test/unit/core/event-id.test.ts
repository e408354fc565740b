import { describe, expect, it } from 'vitest';
import { eventId } from '../../../core/event-id';

describe('eventId', () => {
  it('returns 32 lower-case hex characters', () => {
    expect(eventId('ses', ['m', 'Bounce'])).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps ids stable across releases (the lake deduplicates on them)', () => {
    // Expected: SHA-256 of 'mailgun' US 'H3l36M_G2mzFCyU7MZAIUe' US '2026-03-14'.
    expect(eventId('mailgun', ['H3l36M_G2mzFCyU7MZAIUe', '2026-03-14'])).toBe(
      '0bd39745237b789cce7aaad4a914a589',
    );
  });

  it('returns the same id for the same input', () => {
    expect(eventId('mailgun', ['id', '2026-03-14'])).toBe(
      eventId('mailgun', ['id', '2026-03-14']),
    );
  });

  it('differs by provider', () => {
    expect(eventId('mailgun', ['x'])).not.toBe(eventId('cmc', ['x']));
  });

  it('does not confuse part boundaries', () => {
    expect(eventId('ses', ['ab', 'c'])).not.toBe(eventId('ses', ['a', 'bc']));
  });

  it('treats null and undefined as empty parts', () => {
    expect(eventId('ses', ['a', null])).toBe(eventId('ses', ['a', undefined]));
    expect(eventId('ses', ['a', null])).toBe(eventId('ses', ['a', '']));
  });

  it('stringifies numbers', () => {
    expect(eventId('blastengine', [48213])).toBe(
      eventId('blastengine', ['48213']),
    );
  });
});
