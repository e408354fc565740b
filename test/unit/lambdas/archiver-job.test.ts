import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  archiveJobFromEnv,
  resolveArchiveProvider,
} from '../../../lambdas/archiver/from-env';

const sm = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'us-east-1' });
const saved = { ...process.env };

beforeEach(() => {
  sm.reset();
  process.env.MAILTRAIL_ARCHIVER_SECRET = 'mailtrail/x';
});
afterEach(() => {
  process.env = { ...saved };
});

/** The secret holds a CMC login, on a Pro server composition. */
function givenCmcProLogin(): void {
  sm.on(GetSecretValueCommand).resolves({
    SecretString: '{"apiUser":"u","apiKey":"k"}',
  });
  process.env.MAILTRAIL_CMC_SERVER_COMPOSITION = 'pro';
}

describe('resolveArchiveProvider', () => {
  it('prefers the schedule input over the environment', () => {
    // Arrange
    process.env.MAILTRAIL_ARCHIVER_PROVIDER = 'cmc';
    // Act / Assert
    expect([
      resolveArchiveProvider({ provider: 'mailgun' }),
      resolveArchiveProvider(null),
    ]).toStrictEqual(['mailgun', 'cmc']);
  });

  it('rejects an unknown archiver', () => {
    // Arrange
    delete process.env.MAILTRAIL_ARCHIVER_PROVIDER;
    // Act / Assert
    expect(() => resolveArchiveProvider({ provider: 'ses' })).toThrow(
      'unknown archiver "ses" (expected blastengine, mailgun or cmc)',
    );
    expect(() => resolveArchiveProvider(undefined)).toThrow(
      'unknown archiver ""',
    );
  });
});

describe('archiveJobFromEnv', () => {
  it('reads the Mailgun key, domains and region', async () => {
    // Arrange
    sm.on(GetSecretValueCommand, { SecretId: 'mailtrail/x' }).resolves({
      SecretString: 'key-1',
    });
    process.env.MAILTRAIL_MAILGUN_DOMAINS = 'a.example.com,b.example.com';
    process.env.MAILTRAIL_MAILGUN_REGION = 'eu';
    // Act
    const job = await archiveJobFromEnv('mailgun', client);
    // Assert
    expect(job).toStrictEqual({
      provider: 'mailgun',
      baseUrl: undefined,
      credentials: { apiKey: 'key-1' },
      domains: ['a.example.com', 'b.example.com'],
      region: 'eu',
    });
  });

  it('reads the CMC login with the default timezone', async () => {
    // Arrange
    givenCmcProLogin();
    process.env.MAILTRAIL_ARCHIVER_BASE_URL = 'http://127.0.0.1:9/cmc';
    // Act
    const job = await archiveJobFromEnv('cmc', client);
    // Assert
    expect(job).toStrictEqual({
      provider: 'cmc',
      baseUrl: 'http://127.0.0.1:9/cmc',
      credentials: { apiUser: 'u', apiKey: 'k' },
      serverComposition: 'pro',
      timezone: 'Asia/Tokyo',
      lists: ['deliveries', 'bounces'],
    });
  });

  it('reads the configured CMC lists in CMC order', async () => {
    // Arrange
    givenCmcProLogin();
    process.env.MAILTRAIL_CMC_ARCHIVE_LISTS = 'blocks, deliveries,bounces';
    // Act
    const job = await archiveJobFromEnv('cmc', client);
    // Assert
    expect(job).toMatchObject({ lists: ['deliveries', 'bounces', 'blocks'] });
  });

  it('rejects an unknown CMC list in the environment', async () => {
    // Arrange
    givenCmcProLogin();
    process.env.MAILTRAIL_CMC_ARCHIVE_LISTS = 'deliveries,block';
    // Act / Assert
    await expect(archiveJobFromEnv('cmc', client)).rejects.toThrow(
      'unknown CMC list "block"',
    );
  });

  it('reads the blastengine login', async () => {
    // Arrange
    sm.on(GetSecretValueCommand).resolves({
      SecretString: '{"loginId":"l","apiKey":"k"}',
    });
    // Act
    const job = await archiveJobFromEnv('blastengine', client);
    // Assert
    expect(job).toStrictEqual({
      provider: 'blastengine',
      baseUrl: undefined,
      credentials: { loginId: 'l', apiKey: 'k' },
    });
  });

  it('fails clearly on a secret without a string value', async () => {
    // Arrange
    sm.on(GetSecretValueCommand).resolves({});
    // Act / Assert
    await expect(archiveJobFromEnv('cmc', client)).rejects.toThrow(
      'secret mailtrail/x has no string value',
    );
  });
});
