import { parseArgs } from 'node:util';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AWS_ENDPOINT_ENV } from '../../adapters/aws/client-config';
import { readSecretString } from '../../adapters/aws/secret-string';
import {
  InvalidAddressError,
  suppressionKey,
} from '../../core/suppressions/address';
import { HMAC_KEY_ENV } from '../privacy-key';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const USAGE = `Usage: mailtrail hash ADDRESS... [--secret NAME] [--region R]

Prints the pseudonym (hmac:…) the lake stores instead of each ADDRESS when
privacy.hashRecipients is on, one per line, so a recipient can be looked up:
the recipient-timeline query, Athena or local, takes the pseudonym.

The key is read from $${HMAC_KEY_ENV}, or with --secret from Secrets
Manager (the stack's privacy.keySecretName; needs
secretsmanager:GetSecretValue on it).

Options:
  --secret NAME   read the key from this secret, e.g. mailtrail/privacy/recipient-key
  --region R      AWS region of the secret (default AWS_REGION)`;

/** The HMAC key: the environment, or the named secret. */
async function recipientKey(
  io: CliIo,
  secret: string | undefined,
  region: string | undefined,
): Promise<string> {
  if (secret === undefined) {
    const key = io.env[HMAC_KEY_ENV];
    if (!key) {
      throw new CliUsageError(`set ${HMAC_KEY_ENV} or pass --secret`);
    }
    return key;
  }
  const endpoint = io.env[AWS_ENDPOINT_ENV];
  const client = new SecretsManagerClient({
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
  try {
    return await readSecretString(client, secret);
  } finally {
    client.destroy();
  }
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { secret: { type: 'string' }, region: { type: 'string' } },
  });
  if (positionals.length === 0) {
    throw new CliUsageError('give at least one ADDRESS');
  }
  const region =
    values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const hmacKey = await recipientKey(io, values.secret, region);
  if (hmacKey.length < 16) {
    throw new Error('the recipient HMAC key must be at least 16 characters');
  }
  const lines = positionals.map((address) => {
    try {
      return suppressionKey(address, { hmacKey });
    } catch (err) {
      if (err instanceof InvalidAddressError) {
        throw new CliUsageError(err.message);
      }
      throw err;
    }
  });
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `mailtrail hash`: the stored pseudonym of an address (privacy.hashRecipients). */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    `${HMAC_KEY_ENV}=… mailtrail hash Ada@Example.com`,
    'mailtrail hash --secret mailtrail/privacy/recipient-key ada@example.com',
  ],
  run,
};
