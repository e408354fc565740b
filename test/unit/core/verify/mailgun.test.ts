import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PipelineError, VerificationError } from '../../../../core/errors';
import {
  mailgunReplayKey,
  verifyMailgunSignature,
} from '../../../../core/verify/mailgun';
import { listFixtures, loadFixture } from '../../../helpers/fixtures';
import { reasonOf } from '../../../helpers/verification-reason';

const KEY = 'test-signing-key-123';
const NOW = 1_773_454_201;
const TOKEN = 'sj3p7j8jjxuutxovxdzody1jvq5z0xdrurtwd3jeo4b4hsen0j';

/** A validly signed `signature` object; each test breaks one thing. */
function signed(
  { timestamp = String(NOW), token = TOKEN, key = KEY } = {} as {
    timestamp?: string;
    token?: string;
    key?: string;
  },
): Record<string, unknown> {
  const signature = createHmac('sha256', key)
    .update(timestamp + token)
    .digest('hex');
  return { timestamp, token, signature };
}

const options = { signingKey: KEY, nowSeconds: NOW };

describe('verifyMailgunSignature', () => {
  it('returns the signature of a validly signed request', () => {
    // Arrange
    const input = signed();

    // Act
    const result = verifyMailgunSignature(input, options);

    // Assert
    expect(result).toStrictEqual(input);
  });

  it.each(listFixtures('mailgun', /^webhook-/))(
    'verifies %s at its own timestamp',
    (file) => {
      const body = loadFixture<{ signature: { timestamp: string } }>(
        'mailgun',
        file,
      );
      const nowSeconds = Number(body.signature.timestamp);
      expect(() =>
        verifyMailgunSignature(body.signature, { signingKey: KEY, nowSeconds }),
      ).not.toThrow();
    },
  );

  it.each(['timestamp', 'token', 'signature'])(
    'rejects a missing %s as missing-header',
    (field) => {
      const input = signed();
      delete input[field];
      expect(reasonOf(() => verifyMailgunSignature(input, options))).toBe(
        'missing-header',
      );
    },
  );

  it.each([
    ['an empty token', { ...signed(), token: '' }],
    ['a numeric timestamp', { ...signed(), timestamp: NOW }],
    ['no signature object', null],
    ['a timestamp that is no number', signed({ timestamp: '17734542O1' })],
  ])('rejects %s as missing-header', (_case, input) => {
    expect(reasonOf(() => verifyMailgunSignature(input, options))).toBe(
      'missing-header',
    );
  });

  it('rejects a timestamp older than 5 minutes as stale', () => {
    const input = signed({ timestamp: String(NOW - 301) });
    expect(reasonOf(() => verifyMailgunSignature(input, options))).toBe(
      'stale',
    );
  });

  it('accepts a timestamp exactly 5 minutes old', () => {
    const input = signed({ timestamp: String(NOW - 300) });
    expect(verifyMailgunSignature(input, options)).toStrictEqual(input);
  });

  it('rejects a timestamp more than 5 minutes ahead as future', () => {
    const input = signed({ timestamp: String(NOW + 301) });
    expect(reasonOf(() => verifyMailgunSignature(input, options))).toBe(
      'future',
    );
  });

  it('applies a custom tolerance', () => {
    const input = signed({ timestamp: String(NOW - 16) });
    const strict = { ...options, toleranceSeconds: 15 };
    expect(reasonOf(() => verifyMailgunSignature(input, strict))).toBe('stale');
  });

  it('rejects a signature made with another key as mismatch', () => {
    const input = signed({ key: 'some-other-key' });
    expect(reasonOf(() => verifyMailgunSignature(input, options))).toBe(
      'mismatch',
    );
  });

  it('rejects a tampered token as mismatch', () => {
    const input = { ...signed(), token: `${TOKEN.slice(0, -1)}x` };
    expect(reasonOf(() => verifyMailgunSignature(input, options))).toBe(
      'mismatch',
    );
  });

  it.each([
    ['shorter', (s: string) => s.slice(0, -2)],
    ['longer', (s: string) => `${s}00`],
  ])('rejects a %s signature as mismatch', (_case, edit) => {
    const input = signed();
    input.signature = edit(input.signature as string);
    expect(reasonOf(() => verifyMailgunSignature(input, options))).toBe(
      'mismatch',
    );
  });

  it.each([
    ['the new key', 'new-key'],
    ['the old key', KEY],
  ])('accepts %s during a key rotation', (_case, key) => {
    const input = signed({ key });
    const rotation = { ...options, signingKey: [KEY, 'new-key'] };
    expect(verifyMailgunSignature(input, rotation)).toStrictEqual(input);
  });

  it('rejects a signature matching none of the rotated keys', () => {
    const input = signed({ key: 'third-key' });
    const rotation = { ...options, signingKey: [KEY, 'new-key'] };
    expect(reasonOf(() => verifyMailgunSignature(input, rotation))).toBe(
      'mismatch',
    );
  });

  it.each([
    ['an empty key', ''],
    ['no keys', []],
  ])('refuses to verify with %s', (_case, signingKey) => {
    // Arrange: with an empty key anyone could sign.
    const input = signed({ key: '' });

    // Act
    const run = () => verifyMailgunSignature(input, { ...options, signingKey });

    // Assert
    expect(run).toThrow(PipelineError);
    expect(run).toThrow(
      _case === 'no keys'
        ? 'no Mailgun signing key configured'
        : 'Mailgun signing key #1 is empty, blank or not a string',
    );
    expect(run).not.toThrow(VerificationError);
  });
});

describe('mailgunReplayKey', () => {
  it('keys the replay cache by token', () => {
    expect(mailgunReplayKey(TOKEN)).toBe(`mailgun:${TOKEN}`);
  });
});
