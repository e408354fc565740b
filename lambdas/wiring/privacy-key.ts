import { readSecretString } from '../../adapters/aws/secret-string';
import { ENV } from '../../contract/env';
import { optionalEnv } from './env';
import { secretsManager } from './secrets-manager-client';

/** The privacy key named in the environment, if any (hashRecipients). */
export async function readPrivacyKeyFromEnv(): Promise<string | undefined> {
  const secretId = optionalEnv(ENV.PRIVACY_KEY_SECRET);
  return secretId ? readSecretString(secretsManager, secretId) : undefined;
}
