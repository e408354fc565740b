import { createHmac, timingSafeEqual } from 'node:crypto';
import { PipelineError, VerificationError } from '../errors';
import { requireCredentials } from './credential';

/** The `signature` object of a Mailgun webhook body, once validated. */
export interface MailgunSignature {
  readonly timestamp: string;
  readonly token: string;
  readonly signature: string;
}

/** Inputs of verifyMailgunSignature; time and keys are parameters. */
export interface MailgunVerifyOptions {
  /** Webhook signing key, or several during a rotation (old and new). */
  readonly signingKey: string | readonly string[];
  /** The current time in epoch seconds. */
  readonly nowSeconds: number;
  /** Allowed clock skew either way. @default 300 (docs/design.md: 5 minutes) */
  readonly toleranceSeconds?: number;
}

const FIELDS = ['timestamp', 'token', 'signature'] as const;

function readSignature(input: unknown): MailgunSignature {
  const o = (typeof input === 'object' && input !== null ? input : {}) as {
    [K in (typeof FIELDS)[number]]?: unknown;
  };
  for (const field of FIELDS) {
    const value = o[field];
    if (typeof value !== 'string' || value === '') {
      throw new VerificationError(
        `mailgun signature.${field} is missing or not a string`,
        'missing-header',
      );
    }
  }
  return o as MailgunSignature;
}

function signingKeys(signingKey: string | readonly string[]): string[] {
  const keys = requireCredentials(
    typeof signingKey === 'string' ? [signingKey] : signingKey,
    'Mailgun signing key',
  );
  // An empty key would let anyone compute a valid signature.
  if (keys.length === 0) {
    throw new PipelineError('no Mailgun signing key configured', 'config');
  }
  return keys;
}

/** Compares a hex HMAC in constant time, guarding unequal lengths. */
function matches(key: string, message: string, signature: string): boolean {
  const expected = Buffer.from(
    createHmac('sha256', key).update(message).digest('hex'),
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Verifies a Mailgun webhook signature: hex HMAC-SHA256(signing key,
 * timestamp + token) within ±tolerance of now (docs/providers.md §2.1). Returns
 * the validated signature; throws VerificationError with a reason.
 * @example verifyMailgunSignature(body.signature, { signingKey, nowSeconds })
 */
export function verifyMailgunSignature(
  input: unknown,
  options: MailgunVerifyOptions,
): MailgunSignature {
  const keys = signingKeys(options.signingKey);
  const sig = readSignature(input);
  if (!/^\d+$/.test(sig.timestamp)) {
    throw new VerificationError(
      'mailgun signature.timestamp is not epoch seconds',
      'missing-header',
    );
  }
  const tolerance = options.toleranceSeconds ?? 300;
  const skew = options.nowSeconds - Number(sig.timestamp);
  if (skew > tolerance) {
    throw new VerificationError(
      `mailgun signature is ${skew}s old (tolerance ${tolerance}s)`,
      'stale',
    );
  }
  if (-skew > tolerance) {
    throw new VerificationError(
      `mailgun signature is ${-skew}s in the future (tolerance ${tolerance}s)`,
      'future',
    );
  }
  // The signature covers timestamp + token only, not the body (§2.1).
  const message = sig.timestamp + sig.token;
  if (!keys.some((key) => matches(key, message, sig.signature))) {
    throw new VerificationError(
      'mailgun signature does not match any signing key',
      'mismatch',
    );
  }
  return sig;
}

/**
 * The replay-cache key of a verified token: a token seen twice is a replay
 * (docs/design.md "Webhook security"). Keep it until its timestamp turns stale.
 */
export function mailgunReplayKey(token: string): string {
  return `mailgun:${token}`;
}
