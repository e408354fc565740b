import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { grantPutMailtrailMetrics } from './metrics-grant';

/**
 * Lets a handler publish its counts to the Mailtrail namespace. Kept for
 * callers that imported it; same as {@link grantPutMailtrailMetrics}.
 */
export function grantPublishMetrics(fn: IFunction): void {
  grantPutMailtrailMetrics(fn);
}
