import { describe, expect, it } from 'vitest';
import { PipelineError, VerificationError } from '../../../../core/errors';
import {
  type CmcRequestCredentials,
  type CmcVerifyConfig,
  verifyCmcRequest,
} from '../../../../core/verify/cmc';

const API_KEY = 'cmc-webhook-apikey-EXAMPLE-0001';
const USER = 'cmc-hook';
const PASSWORD = 'p@ss:word with colon';

const CONFIG: CmcVerifyConfig = {
  apiKeys: ['an-older-key', API_KEY],
  basic: [{ user: USER, password: PASSWORD }],
};

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A request that passes, by the given method; tests break one thing each. */
function validRequest(
  method: 'bearer' | 'basic' | 'api-key',
): CmcRequestCredentials {
  if (method === 'bearer') return { authorizationHeader: `Bearer ${API_KEY}` };
  if (method === 'basic') return { authorizationHeader: basic(USER, PASSWORD) };
  return { bodyApiKey: API_KEY };
}

function failureOf(fn: () => unknown): PipelineError {
  try {
    fn();
  } catch (error) {
    return error as PipelineError;
  }
  throw new Error('expected a throw');
}

describe('verifyCmcRequest: accepted requests', () => {
  it.each(['bearer', 'basic', 'api-key'] as const)(
    'accepts a valid %s credential and names the method',
    (method) => {
      // Arrange
      const request = validRequest(method);

      // Act
      const result = verifyCmcRequest(request, CONFIG);

      // Assert
      expect(result).toBe(method);
    },
  );

  it('reads the scheme case-insensitively', () => {
    const request = { authorizationHeader: `bEaReR   ${API_KEY} ` };

    expect(verifyCmcRequest(request, CONFIG)).toBe('bearer');
  });

  it('names the header method when header and api_key both match', () => {
    const request = { ...validRequest('basic'), bodyApiKey: API_KEY };

    expect(verifyCmcRequest(request, CONFIG)).toBe('basic');
  });

  it('accepts a valid api_key next to a bogus Bearer token', () => {
    const request = {
      ...validRequest('api-key'),
      authorizationHeader: 'Bearer x',
    };

    expect(verifyCmcRequest(request, CONFIG)).toBe('api-key');
  });

  it('accepts Basic auth when only Basic is configured', () => {
    const config = { basic: CONFIG.basic };

    expect(verifyCmcRequest(validRequest('basic'), config)).toBe('basic');
  });
});

describe('verifyCmcRequest: missing credentials', () => {
  it.each([
    ['no header and no api_key', {}],
    ['a blank header', { authorizationHeader: '   ' }],
    ['an empty api_key', { bodyApiKey: '' }],
  ])('rejects %s as missing-credentials', (_, request) => {
    const error = failureOf(() => verifyCmcRequest(request, CONFIG));

    expect(error).toBeInstanceOf(VerificationError);
    expect(error.reason).toBe('missing-credentials');
  });
});

describe('verifyCmcRequest: mismatches', () => {
  it.each([
    ['a wrong Bearer key', { authorizationHeader: 'Bearer wrong-key' }],
    [
      'a Bearer key with one character more',
      { authorizationHeader: `Bearer ${API_KEY}x` },
    ],
    ['a wrong Basic password', { authorizationHeader: basic(USER, 'nope') }],
    ['a wrong Basic user', { authorizationHeader: basic('other', PASSWORD) }],
    [
      'Basic credentials sent as a Bearer token',
      { authorizationHeader: `Bearer ${USER}:${PASSWORD}` },
    ],
    [
      'the API key sent as Basic',
      {
        authorizationHeader: `Basic ${Buffer.from(API_KEY).toString('base64')}`,
      },
    ],
    ['an unsupported scheme', { authorizationHeader: `Token ${API_KEY}` }],
    ['a bare key without scheme', { authorizationHeader: API_KEY }],
    ['a wrong api_key', { bodyApiKey: 'cmc-webhook-apikey-EXAMPLE-0002' }],
  ])('rejects %s as mismatch', (_, request) => {
    const error = failureOf(() => verifyCmcRequest(request, CONFIG));

    expect(error).toBeInstanceOf(VerificationError);
    expect(error.reason).toBe('mismatch');
  });

  it('names the methods tried, never the secrets, in a mismatch', () => {
    const request = { authorizationHeader: 'Token abc', bodyApiKey: 'nope' };

    const error = failureOf(() => verifyCmcRequest(request, CONFIG));

    expect(error.message).toBe(
      'CMC credentials do not match (tried unsupported scheme, api-key)',
    );
  });

  it('rejects a valid-looking Bearer key when only Basic is configured', () => {
    const config = { basic: CONFIG.basic };

    const error = failureOf(() =>
      verifyCmcRequest(validRequest('bearer'), config),
    );

    expect(error.reason).toBe('mismatch');
  });
});

describe('verifyCmcRequest: configuration', () => {
  it.each([
    ['nothing', {}],
    ['empty lists', { apiKeys: [], basic: [] }],
    [
      'only blank entries',
      { apiKeys: [''], basic: [{ user: '', password: 'x' }] },
    ],
  ])('refuses an open endpoint when %s is configured', (_, config) => {
    const error = failureOf(() =>
      verifyCmcRequest(validRequest('api-key'), config),
    );

    expect(error).toBeInstanceOf(PipelineError);
    expect(error).not.toBeInstanceOf(VerificationError);
    expect(error.reason).toBe('config');
  });
});
