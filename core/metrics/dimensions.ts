import { PipelineError } from '../errors';
import type { MetricDimension } from './types';

const DIMENSION_ORDER: readonly MetricDimension[] = [
  'Provider',
  'SendingDomain',
];

/**
 * The dimension sets each count is published under: every non-empty prefix
 * of the configured dimensions in canonical order (Provider before
 * SendingDomain), so ['Provider','SendingDomain'] gives {Provider} (rates,
 * dashboard) and {Provider,SendingDomain} (per-domain rates). No dimensions
 * gives one dimensionless set. Each set multiplies the billed metrics
 * (docs/metrics.md "Cost").
 * @example dimensionSets(['SendingDomain', 'Provider']) // [['Provider'], ['Provider', 'SendingDomain']]
 */
export function dimensionSets(
  dimensions: readonly MetricDimension[],
): MetricDimension[][] {
  const ordered = DIMENSION_ORDER.filter((d) => dimensions.includes(d));
  if (ordered.length === 0) return [[]];
  return ordered.map((_, i) => ordered.slice(0, i + 1));
}

/**
 * Parses the comma-separated dimension list a construct puts in the
 * environment (config.metrics.dimensions joined by ','); unknown names throw
 * so a typo fails the first invocation instead of silently changing metrics.
 * @example parseMetricDimensions('Provider,SendingDomain')
 */
export function parseMetricDimensions(value: string): MetricDimension[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of names) {
    if (!DIMENSION_ORDER.includes(n as MetricDimension)) {
      throw new PipelineError(`unknown metric dimension '${n}'`, 'config');
    }
  }
  return names as MetricDimension[];
}
