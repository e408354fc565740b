import { createHash, timingSafeEqual } from 'node:crypto';
import { PipelineError, VerificationError } from '../errors';
import { requireCredentials } from './credential';

/** Inputs of verifyBlastengineToken; secrets and the caller's IP are parameters. */
export interface BlastengineVerifyOptions {
  /** Accepted path tokens; several during a rotation (old and new). */
  readonly expectedTokens: readonly string[];
  /** The request's source IP as API Gateway reports it. */
  readonly sourceIp?: string;
  /**
   * Source IPs allowed to call; empty allows any. blastengine reportedly
   * sends from 3.114.82.121 and 35.79.248.35 (docs/providers.md §3.1 ⚠️).
   * @default []
   */
  readonly allowedIps?: readonly string[];
}

// Hashing first gives equal lengths, so timingSafeEqual leaks no length.
const digest = (value: string): Buffer =>
  createHash('sha256').update(value).digest();

/** Drops the IPv4-mapped IPv6 prefix so `::ffff:3.114.82.121` matches. */
const plainIp = (ip: string): string => ip.trim().replace(/^::ffff:/i, '');

/**
 * Authenticates a blastengine webhook call. blastengine signs nothing
 * (docs/providers.md §3.1), so the URL carries a secret token, compared in
 * constant time, plus an optional source-IP allow-list. Throws
 * VerificationError with a reason.
 * @example verifyBlastengineToken(pathToken, { expectedTokens: [secret] })
 */
export function verifyBlastengineToken(
  pathToken: unknown,
  options: BlastengineVerifyOptions,
): void {
  const expected = requireCredentials(
    options.expectedTokens,
    'blastengine webhook token',
  );
  // With no token configured every call would fail: a deployment error.
  if (expected.length === 0) {
    throw new PipelineError(
      'no blastengine webhook token configured',
      'config',
    );
  }
  if (typeof pathToken !== 'string' || pathToken === '') {
    throw new VerificationError(
      'blastengine webhook token is missing',
      'missing-credentials',
    );
  }
  const given = digest(pathToken);
  if (!expected.some((token) => timingSafeEqual(given, digest(token)))) {
    throw new VerificationError(
      'blastengine webhook token does not match',
      'mismatch',
    );
  }
  const allowed = (options.allowedIps ?? []).map(plainIp);
  const ip = options.sourceIp === undefined ? '' : plainIp(options.sourceIp);
  if (allowed.length > 0 && !allowed.includes(ip)) {
    throw new VerificationError(
      `blastengine webhook from ${ip || 'an unknown IP'} is not allowed`,
      'forbidden-ip',
    );
  }
}
