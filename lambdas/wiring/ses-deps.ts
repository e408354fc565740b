import { emfPublisher } from '../../adapters/aws/emf-metrics';
import type { Log } from '../../app/log';
import type { SesDeps } from '../../app/ses/ingest';
import { ENV } from '../../contract/env';
import { parseMetricDimensions } from '../../core/metrics/dimensions';
import { listEnv, optionalEnv } from './env';
import { lakeSinkFromEnv } from './lake-sink';

/**
 * The SES handlers' dependencies from the environment: the lake sink,
 * Embedded Metric Format counts under MAILTRAIL_METRIC_DIMENSIONS and
 * MAILTRAIL_METRIC_SENDING_DOMAINS, and event counts off when
 * MAILTRAIL_PUBLISH_EVENT_COUNTS is 'false' (the Firehose path beside an
 * SNS path that already counts them).
 */
export function sesDepsFromEnv(logger: Log): SesDeps {
  return {
    sink: lakeSinkFromEnv(),
    publish: emfPublisher(),
    get metricDimensions() {
      return parseMetricDimensions(optionalEnv(ENV.METRIC_DIMENSIONS) ?? '');
    },
    get sendingDomains() {
      return listEnv(ENV.METRIC_SENDING_DOMAINS);
    },
    get countEvents() {
      return optionalEnv(ENV.PUBLISH_EVENT_COUNTS) !== 'false';
    },
    now: () => new Date(),
    logger,
  };
}
