import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../../core/errors';
import { verifyBlastengineToken } from '../../../../core/verify/blastengine';
import {
  type CmcBasicCredential,
  verifyCmcRequest,
} from '../../../../core/verify/cmc';
import { requireCredentials } from '../../../../core/verify/credential';
import { verifyMailgunSignature } from '../../../../core/verify/mailgun';

/** Runs `run` and returns the reason of the PipelineError it throws. */
function failureReason(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineError);
    return (error as PipelineError).reason;
  }
  return 'passed';
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// Secrets as a misconfigured deployment would hand them over (JSON numbers
// and missing fields arrive as non-strings at run time).
const BAD_VALUES: [string, unknown][] = [
  ['empty', ''],
  ['whitespace-only', ' \t\n'],
  ['a number', 12345],
  ['missing', undefined],
  ['null', null],
];

describe('requireCredentials', () => {
  it('returns well-formed credentials as they are', () => {
    expect(requireCredentials([' k1', 'k2'], 'key')).toStrictEqual([
      ' k1',
      'k2',
    ]);
  });

  it.each(BAD_VALUES)('treats a %s component as a config error', (_, bad) => {
    expect(() => requireCredentials(['ok', bad], 'key')).toThrow(
      new PipelineError(
        'key #2 is empty, blank or not a string; fix the secret',
        'config',
      ),
    );
  });
});

describe('every verifier fails closed on a bad credential', () => {
  it.each(BAD_VALUES)(
    'CMC Basic with a %s password answers config, not a pass',
    (_, password) => {
      // Arrange: the secret {"basicUser":"cmc"} (or a numeric/blank password);
      // the attacker sends exactly what that password would match.
      const config = {
        basic: [{ user: 'cmc', password } as unknown as CmcBasicCredential],
      };
      const attack = {
        authorizationHeader: basic('cmc', String(password ?? '')),
      };

      // Act
      const reason = failureReason(() => verifyCmcRequest(attack, config));

      // Assert
      expect(reason).toBe('config');
    },
  );

  it('CMC with a blank user answers config even next to a good API key', () => {
    // Arrange
    const config = {
      apiKeys: ['good-key'],
      basic: [{ user: ' ', password: 'p' }],
    };

    // Act
    const reason = failureReason(() =>
      verifyCmcRequest({ authorizationHeader: basic(' ', 'p') }, config),
    );

    // Assert
    expect(reason).toBe('config');
  });

  it.each(BAD_VALUES)('CMC with a %s API key answers config', (_, key) => {
    const config = { apiKeys: [key as string] };

    const reason = failureReason(() =>
      verifyCmcRequest({ authorizationHeader: `Bearer ${key}` }, config),
    );

    expect(reason).toBe('config');
  });

  it.each(BAD_VALUES)(
    'Mailgun with a %s signing key answers config',
    (_, key) => {
      // Arrange: a signature computed with the guessable key.
      const timestamp = '1700000000';
      const token = 't'.repeat(50);
      const signature = createHmac('sha256', String(key ?? ''))
        .update(timestamp + token)
        .digest('hex');

      // Act
      const reason = failureReason(() =>
        verifyMailgunSignature(
          { timestamp, token, signature },
          { signingKey: [key as string], nowSeconds: 1_700_000_000 },
        ),
      );

      // Assert
      expect(reason).toBe('config');
    },
  );

  it.each(BAD_VALUES)(
    'blastengine with a %s token answers config',
    (_, token) => {
      const reason = failureReason(() =>
        verifyBlastengineToken(String(token ?? ''), {
          expectedTokens: [token as string],
        }),
      );

      expect(reason).toBe('config');
    },
  );
});
