import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { cloudWatchRateMetrics } from '../../adapters/aws/cloudwatch-read';
import { publishRates, type RatesSummary } from '../../app/rates/publish-rates';
import { ENV } from '../../contract/env';
import { parseMetricDimensions } from '../../core/metrics/dimensions';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { cloudWatch } from '../wiring/cloudwatch-client';
import { listEnv, optionalEnv } from '../wiring/env';

const logger = new Logger({ serviceName: 'mailtrail-rates' });
const metrics = cloudWatchRateMetrics(cloudWatch);

/**
 * Scheduled (EventBridge Scheduler): publishes BounceRate and ComplaintRate
 * over the trailing window (app/rates; definitions in docs/metrics.md).
 */
export async function handler(
  _event: unknown,
  context: Context,
): Promise<RatesSummary> {
  logger.addContext(context);
  const summary = await publishRates(metrics, {
    namespace: optionalEnv(ENV.METRICS_NAMESPACE) ?? METRIC_NAMESPACE,
    dimensions: parseMetricDimensions(
      optionalEnv(ENV.METRIC_DIMENSIONS) ?? 'Provider',
    ),
    sendingDomains: listEnv(ENV.METRIC_SENDING_DOMAINS),
    windowHours: Number(optionalEnv(ENV.RATE_WINDOW_HOURS) ?? '24'),
    minimumVolume: Number(optionalEnv(ENV.RATE_MINIMUM_VOLUME) ?? '100'),
    now: new Date().toISOString(),
  });
  logger.info('rates published', { ...summary });
  return summary;
}
