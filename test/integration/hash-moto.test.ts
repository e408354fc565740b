import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { pseudonymizeRecipient } from '../../core/privacy';
import { memoryIo } from '../helpers/cli-io';
import {
  MOTO_REGION,
  motoConfig,
  motoEndpoint,
  uniqueSuffix,
} from '../helpers/moto';

const endpoint = motoEndpoint();
const KEY = 'recipient-key-from-secrets-manager';
const SECRET = `mailtrail/privacy/recipient-key-${uniqueSuffix()}`;
const env = { AWS_REGION: MOTO_REGION, MAILTRAIL_AWS_ENDPOINT: endpoint };

beforeAll(async () => {
  await new SecretsManagerClient(motoConfig(endpoint)).send(
    new CreateSecretCommand({ Name: SECRET, SecretString: KEY }),
  );
});

describe('mailtrail hash --secret against moto Secrets Manager', () => {
  it('hashes with the key the Lambdas read from the same secret', async () => {
    // Arrange
    const io = memoryIo(env);
    // Act
    const code = await main(
      ['hash', '--secret', SECRET, 'Ada@Example.org'],
      io,
    );
    // Assert
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toBe(`${pseudonymizeRecipient('ada@example.org', KEY)}\n`);
  });

  it('names a secret that does not exist in one line', async () => {
    // Arrange
    const io = memoryIo(env);
    // Act
    const code = await main(
      ['hash', '--secret', `${SECRET}-missing`, 'ada@example.org'],
      io,
    );
    // Assert
    expect(code).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(
      /^mailtrail hash: .*(not find|ResourceNotFound|can't find).*\n$/i,
    );
  });
});
