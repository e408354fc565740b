import { PipelineError } from '../errors';
import type { MetricDimension } from './types';

const DIMENSION_ORDER: readonly MetricDimension[] = [
  'Provider',
  'SendingDomain',
];

/**
 * The dimension sets counts are published under, in canonical order
 * (Provider before SendingDomain): {Provider} (rates, dashboard) and, only
 * when at least one sending domain is listed (config
 * metrics.sendingDomains), {Provider, SendingDomain} (per-domain rates).
 * With no domain listed that set would only repeat {Provider} under
 * `(other)`, so it is not published. SendingDomain alone gives
 * {SendingDomain}; no dimensions gives one dimensionless set. Each set
 * multiplies the billed metrics (docs/metrics.md "Cost").
 * @example dimensionSets(['SendingDomain', 'Provider'], true) // [['Provider'], ['Provider', 'SendingDomain']]
 */
export function dimensionSets(
  dimensions: readonly MetricDimension[],
  domainsListed: boolean,
): MetricDimension[][] {
  const ordered = DIMENSION_ORDER.filter((d) => dimensions.includes(d));
  if (ordered.length === 0) return [[]];
  if (ordered.length === 1) return [ordered];
  return domainsListed ? [['Provider'], ordered] : [['Provider']];
}

/**
 * True for the {Provider, SendingDomain} set, which carries only the rate
 * inputs ({@link DOMAIN_METRIC_NAMES} in ./aggregate): volume by event type
 * stays per provider.
 */
export function isDomainRateSet(set: readonly string[]): boolean {
  return set.includes('Provider') && set.includes('SendingDomain');
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
