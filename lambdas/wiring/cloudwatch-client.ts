import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { clientConfig } from '../../adapters/aws/client-config';

/** CloudWatch client for PutMetricData / GetMetricData (module scope: reused). */
export const cloudWatch = new CloudWatchClient(clientConfig());
