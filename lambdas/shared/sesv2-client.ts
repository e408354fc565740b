import { SESv2Client } from '@aws-sdk/client-sesv2';
import { clientConfig } from '../../adapters/aws/client-config';

/** SES v2 client for the configuration-set attach custom resource. */
export const sesv2 = new SESv2Client(clientConfig());
