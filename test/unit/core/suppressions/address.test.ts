import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  InvalidAddressError,
  MAX_ADDRESS_LENGTH,
  normalizeAddress,
  suppressionKey,
} from '../../../../core/suppressions/address';

const KEY = 'a-key-of-at-least-16-chars';

describe('normalizeAddress', () => {
  it('lower-cases and trims a valid address', () => {
    expect(normalizeAddress('  Ada.Lovelace@Example.COM ')).toBe(
      'ada.lovelace@example.com',
    );
  });

  it('accepts an address of exactly the maximum length', () => {
    // Arrange
    const address = `${'a'.repeat(64)}@${'b'.repeat(MAX_ADDRESS_LENGTH - 65)}`;
    // Act / Assert
    expect(normalizeAddress(address)).toHaveLength(MAX_ADDRESS_LENGTH);
  });

  it.each([
    ['no @', 'ada.example.com', /not an email address/],
    ['nothing before @', '@example.com', /not an email address/],
    ['nothing after @', 'ada@', /not an email address/],
    ['empty', '', /not an email address/],
    ['too long', `${'a'.repeat(300)}@${'b'.repeat(20)}x`, /longer than 320/],
    ['a newline', 'ada@example.com\nBcc: x@evil.test', /control characters/],
    ['a NUL', 'ada\u0000@example.com', /control characters/],
    ['DEL', 'ada\u007f@example.com', /control characters/],
    ['a C1 control', 'ada\u0085@example.com', /control characters/],
    ['a tab', 'ada@\texample.com', /control characters/],
  ])('refuses %s with a clear error', (_name, input, message) => {
    expect(() => normalizeAddress(input)).toThrow(InvalidAddressError);
    expect(() => normalizeAddress(input)).toThrow(message);
  });

  it('checks a huge hostile input in linear time', () => {
    // Arrange: 1 MB of @ signs and letters, no valid shape
    const input = '@a'.repeat(500_000);
    const start = performance.now();
    // Act / Assert
    expect(() => normalizeAddress(input)).toThrow(/longer than 320/);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('suppressionKey', () => {
  it('is the lower-cased address without a key', () => {
    expect(suppressionKey('Ada@Example.com')).toBe('ada@example.com');
  });

  it('is the keyed hash of the lower-cased address with a key', () => {
    // Arrange
    const expected = createHmac('sha256', KEY)
      .update('ada@example.com')
      .digest('hex');
    // Act / Assert
    expect(suppressionKey('ADA@example.COM', { hmacKey: KEY })).toBe(
      `hmac:${expected}`,
    );
  });

  it('validates before hashing', () => {
    expect(() => suppressionKey('not-an-address', { hmacKey: KEY })).toThrow(
      InvalidAddressError,
    );
  });
});
