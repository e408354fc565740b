import { describe, expect, it } from 'vitest';
import * as core from '../../../core/index';
import { loadFixtureText } from '../../helpers/fixtures';

describe('mailtrail/core (the package entry)', () => {
  it('normalizes a webhook body into events the exported schema accepts', () => {
    // Arrange
    const body = loadFixtureText('mailgun', 'webhook-delivered.json');
    // Act
    const events = core.normalizeInput('mailgun', body, {
      receivedAt: '2026-01-01T00:00:00.000Z',
    });
    // Assert
    expect(events).toHaveLength(1);
    expect(events[0]?.event_type).toBe('delivered');
    expect(core.EmailEventSchema.parse(events[0])).toStrictEqual(events[0]);
  });

  it('exports one normalizer per provider and a typed error for bad input', () => {
    expect(Object.keys(core.NORMALIZERS).sort()).toStrictEqual(
      [...core.PROVIDERS].sort(),
    );
    expect(() =>
      core.normalizeInput('mailgun', ' ', {
        receivedAt: '2026-01-01T00:00:00.000Z',
      }),
    ).toThrow(core.MalformedPayloadError);
  });
});
