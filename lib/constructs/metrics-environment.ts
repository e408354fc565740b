import { ENV } from '../../contract/env';
import type { MetricDimension } from '../../core/metrics/types';

/**
 * The environment every counting Lambda reads its metric scope from
 * (core/metrics countEvents): the dimensions and the listed sending domains.
 * @example environment: { ...metricsEnvironment(config.metrics) }
 */
export function metricsEnvironment(metrics: {
  readonly dimensions: readonly MetricDimension[];
  readonly sendingDomains: readonly string[];
}): Record<string, string> {
  return {
    [ENV.METRIC_DIMENSIONS]: metrics.dimensions.join(','),
    [ENV.METRIC_SENDING_DOMAINS]: metrics.sendingDomains.join(','),
  };
}
