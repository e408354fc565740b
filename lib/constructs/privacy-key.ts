import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ENV } from '../../contract/env';
import type { MailtrailConfig } from '../config';

/** The recipient-hashing key of the functions that write events. */
export interface PrivacyKey {
  /** The user-created secret, referenced by name; absent when hashing is off. */
  readonly secret?: ISecret;
  /** The env var naming the secret; empty when hashing is off. */
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * References the privacy key secret (construct id 'PrivacyKey' in `scope`)
 * when `privacy.hashRecipients` is on; callers spread `environment` into a
 * function's env and `secret?.grantRead(fn)`.
 * @example const key = privacyKey(this, config.privacy)
 */
export function privacyKey(
  scope: Construct,
  privacy: MailtrailConfig['privacy'],
): PrivacyKey {
  if (!privacy.hashRecipients) return { environment: {} };
  const secret = Secret.fromSecretNameV2(
    scope,
    'PrivacyKey',
    privacy.keySecretName,
  );
  return {
    secret,
    environment: { [ENV.PRIVACY_KEY_SECRET]: secret.secretName },
  };
}
