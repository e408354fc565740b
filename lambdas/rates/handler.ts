import { Logger } from '@aws-lambda-powertools/logger';
import { parseMetricDimensions } from '../../core/metrics/dimensions';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import { cloudWatch } from '../shared/cloudwatch-client';
import { ENV, optionalEnv } from '../shared/env';
import { publishRates, type RatesSummary } from './publish-rates';

const logger = new Logger({ serviceName: 'mailtrail-rates' });

/**
 * Scheduled (EventBridge Scheduler): publishes BounceRate and ComplaintRate
 * over the trailing window per Provider (and Provider+SendingDomain when
 * configured); see docs/metrics.md for the definitions.
 */
export async function handler(): Promise<RatesSummary> {
  const summary = await publishRates(cloudWatch, {
    namespace: optionalEnv(ENV.METRICS_NAMESPACE) ?? METRIC_NAMESPACE,
    dimensions: parseMetricDimensions(
      optionalEnv(ENV.METRIC_DIMENSIONS) ?? 'Provider',
    ),
    windowHours: Number(optionalEnv(ENV.RATE_WINDOW_HOURS) ?? '24'),
    minimumVolume: Number(optionalEnv(ENV.RATE_MINIMUM_VOLUME) ?? '100'),
    now: new Date().toISOString(),
  });
  logger.info('rates published', { ...summary });
  return summary;
}
