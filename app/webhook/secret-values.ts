import { isJson } from '../../core/providers/read-json';
import type { CmcVerifyConfig } from '../../core/verify/cmc';
import type { WebhookSecrets } from './types';

/** Secret values of each provider, every version already read (current first). */
export interface SecretValues {
  readonly mailgun?: readonly string[];
  readonly blastengine?: readonly string[];
  readonly cmc?: readonly string[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A plain-string secret, or a JSON object holding it under `field`. */
function plainOr(value: string, field: string): string {
  const json = parseJson(value);
  return isJson(json) ? text(json[field]) : value.trim();
}

/**
 * A CMC webhook secret: JSON `{"apiKey"}` and/or `{"basicUser",
 * "basicPassword"}` (lib/config.ts); a plain string is taken as an API key.
 */
export function parseCmcSecret(value: string): CmcVerifyConfig {
  const json = parseJson(value);
  if (!isJson(json)) return { apiKeys: [value.trim()], basic: [] };
  const apiKey = text(json.apiKey);
  const user = text(json.basicUser);
  return {
    apiKeys: apiKey === '' ? [] : [apiKey],
    basic: user === '' ? [] : [{ user, password: text(json.basicPassword) }],
  };
}

/**
 * Turns raw secret strings (current and previous versions) into the
 * credentials each verifier accepts; empty strings are dropped, so a
 * provider without a secret fails closed with a `config` error.
 */
export function toWebhookSecrets(values: SecretValues): WebhookSecrets {
  const cmc = (values.cmc ?? []).map(parseCmcSecret);
  return {
    mailgunSigningKeys: (values.mailgun ?? [])
      .map((v) => plainOr(v, 'signingKey'))
      .filter((v) => v !== ''),
    blastengineTokens: (values.blastengine ?? [])
      .map((v) => plainOr(v, 'token'))
      .filter((v) => v !== ''),
    cmc: {
      apiKeys: cmc.flatMap((c) => c.apiKeys ?? []).filter((v) => v !== ''),
      basic: cmc.flatMap((c) => c.basic ?? []),
    },
  };
}
