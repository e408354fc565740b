import { describe, expect, it } from 'vitest';
import { PipelineError, VerificationError } from '../../../../core/errors';
import { verifyBlastengineToken } from '../../../../core/verify/blastengine';
import { reasonOf } from '../../../helpers/verification-reason';

const TOKEN = 'q8Zr2vX0pL4mN7tB1cK9wE3yH6uJ5sDa';
const BLASTENGINE_IPS = ['3.114.82.121', '35.79.248.35'];

describe('verifyBlastengineToken', () => {
  it('accepts the configured token', () => {
    expect(() =>
      verifyBlastengineToken(TOKEN, { expectedTokens: [TOKEN] }),
    ).not.toThrow();
  });

  it('accepts the second token during a rotation', () => {
    expect(() =>
      verifyBlastengineToken(TOKEN, { expectedTokens: ['old-token', TOKEN] }),
    ).not.toThrow();
  });

  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a non-string token', 42],
  ])('rejects %s as missing-credentials', (_case, token) => {
    expect(
      reasonOf(() =>
        verifyBlastengineToken(token, { expectedTokens: [TOKEN] }),
      ),
    ).toBe('missing-credentials');
  });

  it.each([
    ['a different token', 'x'.repeat(TOKEN.length)],
    ['a prefix of the token', TOKEN.slice(0, 8)],
    ['a longer token', `${TOKEN}0`],
  ])('rejects %s as mismatch', (_case, token) => {
    expect(
      reasonOf(() =>
        verifyBlastengineToken(token, { expectedTokens: [TOKEN] }),
      ),
    ).toBe('mismatch');
  });

  it.each([
    ['a listed IP', '35.79.248.35'],
    ['an IPv4-mapped IPv6 form of a listed IP', '::ffff:3.114.82.121'],
  ])('accepts %s', (_case, sourceIp) => {
    expect(() =>
      verifyBlastengineToken(TOKEN, {
        expectedTokens: [TOKEN],
        sourceIp,
        allowedIps: BLASTENGINE_IPS,
      }),
    ).not.toThrow();
  });

  it.each([
    ['an unlisted IP', '198.51.100.7'],
    ['no source IP', undefined],
  ])('rejects %s as forbidden-ip', (_case, sourceIp) => {
    expect(
      reasonOf(() =>
        verifyBlastengineToken(TOKEN, {
          expectedTokens: [TOKEN],
          sourceIp,
          allowedIps: BLASTENGINE_IPS,
        }),
      ),
    ).toBe('forbidden-ip');
  });

  it('allows any IP with an empty allow-list', () => {
    expect(() =>
      verifyBlastengineToken(TOKEN, {
        expectedTokens: [TOKEN],
        sourceIp: '198.51.100.7',
        allowedIps: [],
      }),
    ).not.toThrow();
  });

  it.each([
    ['no tokens', []],
    ['only an empty token', ['']],
  ])('refuses to verify with %s configured', (_case, expectedTokens) => {
    // Act
    const run = () => verifyBlastengineToken('', { expectedTokens });

    // Assert
    expect(run).toThrow(PipelineError);
    expect(run).toThrow(
      _case === 'no tokens'
        ? 'no blastengine webhook token configured'
        : 'blastengine webhook token #1 is empty, blank or not a string',
    );
    expect(run).not.toThrow(VerificationError);
  });
});
