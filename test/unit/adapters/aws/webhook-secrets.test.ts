import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cacheWithTtl,
  loadProviderSecrets,
  SECRETS_MAX_STALE_MS,
  webhookSecretsSource,
} from '../../../../adapters/aws/webhook-secrets';
import { createMemoryReplayCache } from '../../../../adapters/local/memory-replay-cache';
import {
  parseCmcSecret,
  toWebhookSecrets,
} from '../../../../app/webhook/secret-values';

const sm = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });
const notFound = () =>
  new ResourceNotFoundException({ message: 'not found', $metadata: {} });

beforeEach(() => {
  sm.reset();
});

describe('loadProviderSecrets', () => {
  it('accepts the current and the previous version during a rotation', async () => {
    // Arrange
    sm.on(GetSecretValueCommand, { SecretId: 'mg', VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: 'new-key' })
      .on(GetSecretValueCommand, {
        SecretId: 'mg',
        VersionStage: 'AWSPREVIOUS',
      })
      .resolves({ SecretString: 'old-key' });
    // Act
    const secrets = await loadProviderSecrets(
      client,
      { mailgun: 'mg', blastengine: undefined, cmc: undefined },
      'mailgun',
    );
    // Assert
    expect(secrets).toStrictEqual({
      mailgunSigningKeys: ['new-key', 'old-key'],
      blastengineTokens: [],
      cmc: { apiKeys: [], basic: [] },
    });
  });

  it('leaves a provider unconfigured when its secret does not exist', async () => {
    // Arrange
    sm.on(GetSecretValueCommand).rejects(notFound());
    // Act
    const secrets = await loadProviderSecrets(
      client,
      { mailgun: undefined, blastengine: 'missing', cmc: undefined },
      'blastengine',
    );
    // Assert
    expect(secrets.blastengineTokens).toStrictEqual([]);
  });

  it('throws on any other Secrets Manager error', async () => {
    // Arrange
    sm.on(GetSecretValueCommand).rejects(new Error('ThrottlingException'));
    // Act
    const load = loadProviderSecrets(
      client,
      { mailgun: 'mg', blastengine: undefined, cmc: undefined },
      'mailgun',
    );
    // Assert
    await expect(load).rejects.toThrow('ThrottlingException');
  });
});

describe('toWebhookSecrets', () => {
  it('reads plain strings, JSON fields and CMC key plus Basic pairs', () => {
    // Act
    const secrets = toWebhookSecrets({
      mailgun: [' key-1 \n', '{"signingKey":"key-0"}'],
      blastengine: ['', '{"token":"t"}'],
      cmc: ['{"apiKey":"k1","basicUser":"u","basicPassword":"p"}', 'plain-key'],
    });
    // Assert
    expect(secrets).toStrictEqual({
      mailgunSigningKeys: ['key-1', 'key-0'],
      blastengineTokens: ['t'],
      cmc: {
        apiKeys: ['k1', 'plain-key'],
        basic: [{ user: 'u', password: 'p' }],
      },
    });
  });

  it('reads a CMC secret holding only Basic credentials', () => {
    // Act
    const cmc = parseCmcSecret('{"basicUser":"u","basicPassword":"p"}');
    // Assert
    expect(cmc).toStrictEqual({
      apiKeys: [],
      basic: [{ user: 'u', password: 'p' }],
    });
  });
});

describe('cacheWithTtl', () => {
  it('reads once within the TTL and again after it', async () => {
    // Arrange
    let now = 0;
    const load = vi.fn(async () => now);
    const cached = cacheWithTtl(load, 1000, () => now);
    // Act
    const values = [await cached(), await cached()];
    now = 1000;
    values.push(await cached());
    // Assert
    expect([values, load.mock.calls.length]).toStrictEqual([[0, 0, 1000], 2]);
  });

  it('serves the last good value when a refresh fails', async () => {
    // Arrange
    let now = 0;
    const load = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce('v1')
      .mockRejectedValueOnce(new Error('down'));
    const cached = cacheWithTtl(load, 1000, () => now);
    await cached();
    now = 5000;
    // Act
    const value = await cached();
    // Assert
    expect(value).toBe('v1');
  });

  it('fails closed once the last good value is older than the maximum staleness', async () => {
    // Arrange
    let now = 0;
    const load = vi
      .fn<() => Promise<string>>()
      .mockResolvedValueOnce('v1')
      .mockRejectedValue(new Error('AccessDeniedException'));
    const cached = cacheWithTtl(load, 1000, () => now);
    await cached();
    now = SECRETS_MAX_STALE_MS - 1;
    const stillServed = await cached();
    now = SECRETS_MAX_STALE_MS;
    // Act
    const read = cached();
    // Assert
    expect(stillServed).toBe('v1');
    await expect(read).rejects.toThrow('AccessDeniedException');
  });

  it('throws when the first read fails', async () => {
    // Arrange
    const cached = cacheWithTtl(() => Promise.reject(new Error('down')), 1000);
    // Act
    const read = cached();
    // Assert
    await expect(read).rejects.toThrow('down');
  });
});

describe('webhookSecretsSource', () => {
  const names = { mailgun: 'mg', blastengine: 'be', cmc: 'cmc' };

  it('reads each provider on its own: one unreadable secret fails only its provider', async () => {
    // Arrange
    sm.on(GetSecretValueCommand)
      .rejects(notFound())
      .on(GetSecretValueCommand, { SecretId: 'mg' })
      .rejects(new Error('AccessDeniedException'))
      .on(GetSecretValueCommand, { SecretId: 'be', VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: 'be-token' });
    const secrets = webhookSecretsSource(client, names);
    // Act
    const mailgun = secrets('mailgun');
    const blastengine = await secrets('blastengine');
    // Assert
    await expect(mailgun).rejects.toThrow('AccessDeniedException');
    expect(blastengine.blastengineTokens).toStrictEqual(['be-token']);
    expect(sm).not.toHaveReceivedCommandWith(GetSecretValueCommand, {
      SecretId: 'cmc',
    });
  });

  it('caches per provider within the TTL', async () => {
    // Arrange
    sm.on(GetSecretValueCommand)
      .rejects(notFound())
      .on(GetSecretValueCommand, { SecretId: 'mg', VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: 'k' });
    const secrets = webhookSecretsSource(client, names, 1000, () => 0);
    // Act
    await secrets('mailgun');
    const again = await secrets('mailgun');
    // Assert
    expect(again.mailgunSigningKeys).toStrictEqual(['k']);
    expect(sm).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });
});

describe('createMemoryReplayCache', () => {
  it('holds a key for its body until the TTL has passed', async () => {
    // Arrange
    let now = 0;
    const cache = createMemoryReplayCache(() => now);
    // Act
    const claims = [
      await cache.claim('k', 'body-a', 10),
      await cache.claim('k', 'body-a', 10),
      await cache.claim('k', 'body-b', 10),
    ];
    now = 10_000;
    claims.push(await cache.claim('k', 'body-b', 10));
    // Assert
    expect(claims).toStrictEqual([true, true, false, true]);
  });
});
