import type { Duration } from 'aws-cdk-lib';
import {
  GraphWidget,
  type HorizontalAnnotation,
  type IMetric,
  MathExpression,
  type Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { LIVE_COUNT_NAMES } from '../../core/metrics/live-names';
import { percentOf, RATE_METRICS } from '../../core/metrics/rates';
import { METRIC_NAMESPACE } from '../../core/metrics/types';
import type { Provider } from '../../core/schema';
import {
  dimensionLabel,
  domainRateSearch,
  EVENT_COUNT_METRICS,
  eventCountMetric,
  rateMetric,
} from './monitoring-metrics';

/** Warning and critical levels of one rate, as ratios 0–1 (config). */
export interface RateThresholds {
  readonly warning: number;
  readonly critical: number;
}

const WIDTH = 24;
const HEIGHT = 6;

/** A markdown section title spanning the dashboard. */
export function sectionTitle(markdown: string): TextWidget {
  return new TextWidget({ markdown, width: WIDTH, height: 1 });
}

/**
 * One "volume by event type" graph per provider, side by side, with the
 * counts that provider's live path can publish (LIVE_COUNT_NAMES).
 */
export function volumeWidgets(providers: readonly Provider[]): GraphWidget[] {
  const width = Math.max(6, Math.floor(WIDTH / providers.length));
  return providers.map(
    (provider) =>
      new GraphWidget({
        title: `Events per 5 min — ${provider}`,
        left: EVENT_COUNT_METRICS.filter((n) =>
          LIVE_COUNT_NAMES[provider].includes(n),
        ).map((n) => eventCountMetric(n, provider)),
        stacked: true,
        width,
        height: HEIGHT,
      }),
  );
}

/** Horizontal warning/critical lines in percent. */
export function thresholdAnnotations(
  t: RateThresholds,
): HorizontalAnnotation[] {
  return [
    { value: percentOf(t.warning), label: 'warning', color: '#ff7f0e' },
    { value: percentOf(t.critical), label: 'critical', color: '#d62728' },
  ];
}

/** A rate graph: per-provider lines, or every domain by SEARCH. */
export function rateWidget(
  rate: keyof typeof RATE_METRICS,
  thresholds: RateThresholds,
  period: Duration,
  source: { readonly providers: readonly string[] } | 'domains',
): GraphWidget {
  const byDomain = source === 'domains';
  const left = byDomain
    ? [domainRateSearch(rate, period)]
    : source.providers.map((p) =>
        rateMetric(rate, { Provider: p }, period).with({ label: p }),
      );
  return new GraphWidget({
    title: `${RATE_METRICS[rate]} (%)${byDomain ? ' per sending domain' : ''}`,
    left,
    leftAnnotations: thresholdAnnotations(thresholds),
    leftYAxis: { min: 0, showUnits: false },
    width: WIDTH / 2,
    height: HEIGHT,
  });
}

/** A graph of every series of a mailtrail pipeline counter, by SEARCH. */
export function counterSearchWidget(
  title: string,
  metricName: string,
  dimensions: readonly string[],
): GraphWidget {
  const schema = [METRIC_NAMESPACE, ...dimensions].join(',');
  return new GraphWidget({
    title,
    left: [
      new MathExpression({
        expression: `SEARCH('{${schema}} MetricName="${metricName}"', 'Sum', 300)`,
        usingMetrics: {},
        label: dimensionLabel(dimensions),
      }),
    ],
    width: WIDTH / 2,
    height: HEIGHT,
  });
}

/** The metric with a legend label (alarms keep the unlabeled metric). */
export function labeled(metric: IMetric, label: string): IMetric {
  return (metric as Metric).with({ label });
}

/** A plain graph of the given metrics. */
export function graph(
  title: string,
  left: IMetric[],
  width: number = WIDTH / 2,
): GraphWidget {
  return new GraphWidget({ title, left, width, height: HEIGHT });
}
