import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientConfig } from '../../adapters/aws/client-config';

/**
 * Secrets Manager client for webhook, archiver and privacy-key secrets
 * (module scope: reused).
 */
export const secretsManager = new SecretsManagerClient(clientConfig());
