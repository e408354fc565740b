import { AthenaClient } from '@aws-sdk/client-athena';
import { clientConfig } from '../../adapters/aws/client-config';

/** Athena client for the reconciliation query (module scope: reused). */
export const athena = new AthenaClient(clientConfig());
