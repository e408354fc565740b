import {
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PipelineError } from '../../core/errors';

/**
 * The current string value of a Secrets Manager secret; a secret without
 * one (binary or empty) is a clear 'missing-credentials' error.
 */
export async function readSecretString(
  client: SecretsManagerClient,
  secretId: string,
): Promise<string> {
  const out = await client.send(
    new GetSecretValueCommand({ SecretId: secretId }),
  );
  if (!out.SecretString) {
    throw new PipelineError(
      `secret ${secretId} has no string value`,
      'missing-credentials',
    );
  }
  return out.SecretString;
}
