import { FirehoseClient } from '@aws-sdk/client-firehose';
import { clientConfig } from '../../adapters/aws/client-config';

/** Firehose client for the events and raw streams (module scope: reused). */
export const firehose = new FirehoseClient(clientConfig());
