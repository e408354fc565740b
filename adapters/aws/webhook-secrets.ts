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
import type { WebhookProvider } from '../../contract/webhook-providers';

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
 * Reads the current and previous version of one provider's webhook secret,
 * so both keys work while a rotation reaches the provider; the other
 * providers' credentials are left empty. A missing secret leaves that
 * provider unconfigured (500 until created).
 */
export async function loadProviderSecrets(
  client: SecretsManagerClient,
  names: SecretNames,
  provider: WebhookProvider,
): Promise<WebhookSecrets> {
  return toWebhookSecrets({
    [provider]: await versionsOf(client, names[provider]),
  });
}

/** How long the last good secret may be served while refreshes fail. */
export const SECRETS_MAX_STALE_MS = 60 * 60 * 1000;

/**
 * Memoizes `load` for `ttlMs`, so secrets are read once per cold start and
 * again after the TTL (rotation without a redeploy). If a refresh fails, the
 * last good value is served, but only while it is younger than
 * `maxStaleMs`; after that the failure is thrown (fail closed: a revoked
 * secret is not accepted for ever). The next call tries again.
 */
export function cacheWithTtl<T>(
  load: () => Promise<T>,
  ttlMs: number,
  nowMs: () => number = Date.now,
  maxStaleMs: number = SECRETS_MAX_STALE_MS,
): () => Promise<T> {
  let cached: { value: T; at: number } | undefined;
  return async () => {
    if (cached && nowMs() - cached.at < ttlMs) return cached.value;
    try {
      const value = await load();
      cached = { value, at: nowMs() };
      return value;
    } catch (err) {
      if (cached && nowMs() - cached.at < maxStaleMs) return cached.value;
      throw err;
    }
  };
}

/**
 * Each provider's secret read and cached on its own ({@link cacheWithTtl}):
 * one unreadable secret makes only its own provider answer 503.
 * @example const secrets = webhookSecretsSource(client, names); await secrets('mailgun')
 */
export function webhookSecretsSource(
  client: SecretsManagerClient,
  names: SecretNames,
  ttlMs: number = SECRETS_TTL_MS,
  nowMs: () => number = Date.now,
): (provider: WebhookProvider) => Promise<WebhookSecrets> {
  const caches = new Map<WebhookProvider, () => Promise<WebhookSecrets>>();
  return (provider) => {
    let cached = caches.get(provider);
    if (cached === undefined) {
      cached = cacheWithTtl(
        () => loadProviderSecrets(client, names, provider),
        ttlMs,
        nowMs,
      );
      caches.set(provider, cached);
    }
    return cached();
  };
}
