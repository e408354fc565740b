import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { AWS_ENDPOINT_ENV } from '../../adapters/aws/client-config';
import { pseudonymizeRecipient } from '../../core/privacy';
import type { EmailEvent } from '../../core/schema';
import { runCli } from '../helpers/cli-io';
import { FAKE_CREDENTIALS } from '../helpers/fake-providers';
import {
  MOTO_REGION,
  MotoBucket,
  motoConfig,
  motoEndpoint,
  uniqueSuffix,
} from '../helpers/moto';
import { useFakeProviders } from '../helpers/use-fake-providers';

const suffix = uniqueSuffix();
const endpoint = motoEndpoint();
const KEY = 'b'.repeat(32);
const KEY_SECRET = `mailtrail/it/${suffix}/backfill-recipient-key`;
const fake = useFakeProviders();
const lakes = {
  hashed: new MotoBucket(endpoint, `mailtrail-backfill-h-${suffix}`),
  plain: new MotoBucket(endpoint, `mailtrail-backfill-p-${suffix}`),
  nokey: new MotoBucket(endpoint, `mailtrail-backfill-n-${suffix}`),
};

async function backfill(lake: MotoBucket, ...extra: string[]) {
  return runCli(
    [
      'backfill',
      '--provider',
      'cmc',
      '--since',
      '2026-03-14',
      '--until',
      '2026-03-14',
      '--bucket',
      lake.name,
      '--events-stream',
      `${lake.name}-events`,
      '--base-url',
      fake.cmcUrl,
      ...extra,
    ],
    {
      env: {
        [AWS_ENDPOINT_ENV]: endpoint,
        AWS_REGION: MOTO_REGION,
        MAILTRAIL_CMC_API_USER: FAKE_CREDENTIALS.cmc.apiUser,
        MAILTRAIL_CMC_API_KEY: FAKE_CREDENTIALS.cmc.apiKey,
      },
    },
  );
}

async function recipients(lake: MotoBucket): Promise<string[]> {
  return (await lake.deliveredText('events/'))
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as EmailEvent).recipient)
    .sort();
}

beforeAll(async () => {
  for (const lake of Object.values(lakes)) {
    await lake.create();
    await lake.createStream(`${lake.name}-events`, 'events/');
  }
  await new SecretsManagerClient(motoConfig(endpoint)).send(
    new CreateSecretCommand({ Name: KEY_SECRET, SecretString: KEY }),
  );
});

describe('mailtrail backfill --bucket --events-stream against moto', () => {
  it('sends the events with recipients hashed as the deployment does', async () => {
    // Act
    const hashed = await backfill(
      lakes.hashed,
      '--recipients',
      'hashed',
      '--key-secret',
      KEY_SECRET,
    );
    const plain = await backfill(lakes.plain, '--recipients', 'plain');
    // Assert
    expect([hashed.code, plain.code]).toStrictEqual([0, 0]);
    expect(hashed.stdout).toContain(
      `+ firehose ${lakes.hashed.name}-events, recipients hashed`,
    );
    const plainRecipients = await recipients(lakes.plain);
    expect(plainRecipients.length).toBeGreaterThan(0);
    expect(plainRecipients.every((r) => r.includes('@'))).toBe(true);
    expect(await recipients(lakes.hashed)).toStrictEqual(
      plainRecipients.map((r) => pseudonymizeRecipient(r, KEY)).sort(),
    );
  });

  it('stops before any page or event is written when the key cannot be read', async () => {
    // Act
    const run = await backfill(
      lakes.nokey,
      '--recipients',
      'hashed',
      '--key-secret',
      `${KEY_SECRET}-missing`,
    );
    // Assert
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Secrets Manager can't find|ResourceNotFound/);
    expect(fake.requests).toStrictEqual([]);
    expect(await lakes.nokey.keysUnder('')).toStrictEqual([]);
  });
});
