import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  type SecretValues,
  toWebhookSecrets,
} from '../../app/webhook/secret-values';
import type { WebhookSecrets } from '../../app/webhook/types';

/** Names (or ARNs) of the webhook secrets; an absent provider is disabled. */
export type SecretNames = Readonly<
  Record<keyof SecretValues, string | undefined>
>;

/** How long credentials are cached before they are read again. */
export const SECRETS_TTL_MS = 5 * 60 * 1000;

/**
 * One version of a secret as a string; undefined when the secret or that
 * stage does not exist (AWSPREVIOUS only exists after a rotation).
 */
export async function getSecretString(
  client: SecretsManagerClient,
  secretId: string,
  versionStage: 'AWSCURRENT' | 'AWSPREVIOUS',
): Promise<string | undefined> {
  try {
    const out = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        VersionStage: versionStage,
      }),
    );
    return out.SecretString;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

async function versionsOf(
  client: SecretsManagerClient,
  secretId: string | undefined,
): Promise<string[]> {
  if (secretId === undefined) return [];
  const found = await Promise.all([
    getSecretString(client, secretId, 'AWSCURRENT'),
    getSecretString(client, secretId, 'AWSPREVIOUS'),
  ]);
  return found.filter((v): v is string => v !== undefined);
}

/**
 * Reads the current and previous version of every configured webhook
 * secret, so both keys work while a rotation reaches the provider. A
 * missing secret leaves that provider unconfigured (500 until created).
 */
export async function loadWebhookSecrets(
  client: SecretsManagerClient,
  names: SecretNames,
): Promise<WebhookSecrets> {
  const [mailgun, blastengine, cmc] = await Promise.all([
    versionsOf(client, names.mailgun),
    versionsOf(client, names.blastengine),
    versionsOf(client, names.cmc),
  ]);
  return toWebhookSecrets({ mailgun, blastengine, cmc });
}

/**
 * Memoizes `load` for `ttlMs`, so secrets are read once per cold start and
 * again after the TTL (rotation without a redeploy). If a refresh fails, the
 * last good value is served and the next call tries again.
 */
export function cacheWithTtl<T>(
  load: () => Promise<T>,
  ttlMs: number,
  nowMs: () => number = Date.now,
): () => Promise<T> {
  let cached: { value: T; at: number } | undefined;
  return async () => {
    if (cached && nowMs() - cached.at < ttlMs) return cached.value;
    try {
      const value = await load();
      cached = { value, at: nowMs() };
      return value;
    } catch (err) {
      if (cached) return cached.value;
      throw err;
    }
  };
}
