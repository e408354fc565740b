import type { Logger } from '@aws-lambda-powertools/logger';
import { countEvents } from '../../core/metrics/aggregate';
import { parseMetricDimensions } from '../../core/metrics/dimensions';
import { countPipeline } from '../../core/metrics/pipeline';
import type { EmailEvent } from '../../core/schema';
import { cloudWatch } from './cloudwatch-client';
import { ENV, optionalEnv } from './env';
import { publishMetrics } from './metrics';

/**
 * Publishes an SES invocation's counts in one PutMetricData: events per type
 * (unless MAILTRAIL_PUBLISH_EVENT_COUNTS is 'false', set on the Firehose
 * path when the SNS path already counts the same events) and NormalizeErrors
 * for payloads that could not be parsed. Best effort: the events are durable
 * already, so a metrics failure is logged, never thrown (no retry for it).
 */
export async function publishSesCounts(
  events: readonly EmailEvent[],
  normalizeErrors: number,
  logger: Logger,
): Promise<void> {
  const dimensions = parseMetricDimensions(
    optionalEnv(ENV.METRIC_DIMENSIONS) ?? '',
  );
  const enabled = optionalEnv(ENV.PUBLISH_EVENT_COUNTS) !== 'false';
  const points = enabled ? countEvents(events, dimensions) : [];
  if (normalizeErrors > 0) {
    points.push(
      countPipeline('NormalizeErrors', { Provider: 'ses' }, normalizeErrors),
    );
  }
  try {
    await publishMetrics(cloudWatch, points);
  } catch (err) {
    logger.warn('metrics not published', { error: (err as Error).name });
  }
}
