import { createHash, timingSafeEqual } from 'node:crypto';
import { PipelineError, VerificationError } from '../errors';
import { requireCredentials } from './credential';

/** What a CMC webhook request presents: its Authorization header and body `api_key`. */
export interface CmcRequestCredentials {
  readonly authorizationHeader?: string;
  readonly bodyApiKey?: string;
}

/** One user/password pair accepted through HTTP Basic auth. */
export interface CmcBasicCredential {
  readonly user: string;
  readonly password: string;
}

/** The secrets a CMC endpoint accepts; at least one must be configured. */
export interface CmcVerifyConfig {
  /** Keys accepted as `Authorization: Bearer <key>` or body `api_key`. @default [] */
  readonly apiKeys?: readonly string[];
  /** Pairs accepted as `Authorization: Basic base64(user:password)`. @default [] */
  readonly basic?: readonly CmcBasicCredential[];
}

/** How a CMC request proved itself. */
export type CmcAuthMethod = 'bearer' | 'basic' | 'api-key';

interface Offer {
  /** null for a scheme CMC does not use: presented, never accepted. */
  readonly method: CmcAuthMethod | null;
  readonly value: string;
  readonly accepted: readonly string[];
}

const AUTHORIZATION = /^\s*(\S+)\s+(\S+)\s*$/;

const digest = (value: string): Buffer =>
  createHash('sha256').update(value, 'utf8').digest();

/** Compares against every candidate, with no early exit, in constant time. */
function matchesAny(value: string, accepted: readonly string[]): boolean {
  const presented = digest(value);
  let match = false;
  for (const candidate of accepted) {
    match = timingSafeEqual(presented, digest(candidate)) || match;
  }
  return match;
}

function headerOffer(header: string, keys: string[], pairs: string[]): Offer {
  const [, scheme = '', token = ''] = AUTHORIZATION.exec(header) ?? [];
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return { method: 'bearer', value: token, accepted: keys };
    case 'basic': {
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      return { method: 'basic', value: decoded, accepted: pairs };
    }
    default:
      return { method: null, value: header, accepted: [] };
  }
}

/**
 * Authenticates a CMC Event Webhook request: any of Bearer <api key>, Basic
 * user:password or the body `api_key` may match (docs/providers.md §4.1, CMC's
 * exact header value is unconfirmed). Throws VerificationError otherwise, and
 * a `config` PipelineError when nothing is configured (no open endpoints).
 * @example verifyCmcRequest({ bodyApiKey: 'k1' }, { apiKeys: ['k1'] }) // 'api-key'
 */
export function verifyCmcRequest(
  request: CmcRequestCredentials,
  config: CmcVerifyConfig,
): CmcAuthMethod {
  const keys = requireCredentials(config.apiKeys ?? [], 'CMC API key');
  const basic = config.basic ?? [];
  const users = requireCredentials(
    basic.map((pair) => pair.user),
    'CMC Basic user',
  );
  const passwords = requireCredentials(
    basic.map((pair) => pair.password),
    'CMC Basic password',
  );
  const pairs = users.map((user, i) => `${user}:${passwords[i]}`);
  if (keys.length === 0 && pairs.length === 0) {
    throw new PipelineError(
      'no CMC API key or Basic credentials configured; refusing to run an open endpoint',
      'config',
    );
  }
  const offers: Offer[] = [];
  const header = request.authorizationHeader?.trim();
  if (header) offers.push(headerOffer(header, keys, pairs));
  if (request.bodyApiKey) {
    offers.push({
      method: 'api-key',
      value: request.bodyApiKey,
      accepted: keys,
    });
  }
  if (offers.length === 0) {
    throw new VerificationError(
      'CMC request has no Authorization header and no api_key',
      'missing-credentials',
    );
  }
  let matched: CmcAuthMethod | null = null;
  for (const offer of offers) {
    const ok = matchesAny(offer.value, offer.accepted);
    if (ok && matched === null) matched = offer.method;
  }
  if (matched === null) {
    const tried = offers.map((o) => o.method ?? 'unsupported scheme');
    throw new VerificationError(
      `CMC credentials do not match (tried ${tried.join(', ')})`,
      'mismatch',
    );
  }
  return matched;
}
