import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type IMetric,
  MathExpression,
  Metric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import {
  BOUNCE_METRIC_NAMES,
  EVENT_METRIC_NAMES,
} from '../../core/metrics/aggregate';
import { PIPELINE_METRICS } from '../../core/metrics/pipeline';
import { RATE_METRICS } from '../../core/metrics/rates';
import { METRIC_NAMESPACE } from '../../core/metrics/types';

/** Every event-count metric name, in dashboard order. */
export const EVENT_COUNT_METRICS: readonly string[] = [
  EVENT_METRIC_NAMES.accepted,
  EVENT_METRIC_NAMES.delivered,
  EVENT_METRIC_NAMES.deferred,
  BOUNCE_METRIC_NAMES.hard,
  BOUNCE_METRIC_NAMES.soft,
  BOUNCE_METRIC_NAMES.undetermined,
  EVENT_METRIC_NAMES.dropped,
  EVENT_METRIC_NAMES.rejected,
  EVENT_METRIC_NAMES.complained,
  EVENT_METRIC_NAMES.opened,
  EVENT_METRIC_NAMES.clicked,
  EVENT_METRIC_NAMES.unsubscribed,
  EVENT_METRIC_NAMES.rendering_failed,
  EVENT_METRIC_NAMES.unknown,
];

const FIVE_MINUTES = Duration.minutes(5);

/** Sum of one event count for one provider, per 5 minutes. */
export function eventCountMetric(name: string, provider: string): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: name,
    dimensionsMap: { Provider: provider },
    statistic: 'Sum',
    period: FIVE_MINUTES,
    label: name,
  });
}

/**
 * A published rate (Percent) for one series, e.g. { Provider: 'ses' } or
 * { Provider: 'ses', SendingDomain: 'mail.example.com' }; Maximum over `period`.
 */
export function rateMetric(
  rate: keyof typeof RATE_METRICS,
  dimensions: Readonly<Record<string, string>>,
  period: Duration,
): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: RATE_METRICS[rate],
    dimensionsMap: { ...dimensions },
    statistic: 'Maximum',
    period,
  });
}

/** Every Provider+SendingDomain series of a rate (SEARCH), for the dashboard. */
export function domainRateSearch(
  rate: keyof typeof RATE_METRICS,
  period: Duration,
): MathExpression {
  const name = RATE_METRICS[rate];
  return new MathExpression({
    expression: `SEARCH('{${METRIC_NAMESPACE},Provider,SendingDomain} MetricName="${name}"', 'Maximum', ${period.toSeconds()})`,
    usingMetrics: {},
    label: dimensionLabel(['Provider', 'SendingDomain']),
    period,
  });
}

/** A dynamic legend label from a SEARCH result's dimension values. */
export function dimensionLabel(dimensions: readonly string[]): string {
  return dimensions.map((d) => `\${PROP('Dim.${d}')}`).join(' ');
}

/** Successful runs of one archiver (1 per run, published by the archiver). */
export function archiverSuccessMetric(
  archiver: string,
  period: Duration,
): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName: PIPELINE_METRICS.ArchiverLastSuccess,
    dimensionsMap: { Archiver: archiver },
    statistic: 'Sum',
    period,
  });
}

/** Webhook API 4xx and 5xx (Sum) and p99 latency per 5 minutes. */
export function webhookMetrics(api: IHttpApi): {
  clientError: IMetric;
  serverError: IMetric;
  latencyP99: IMetric;
} {
  const opts = { period: FIVE_MINUTES };
  return {
    clientError: api.metricClientError({ ...opts, statistic: 'Sum' }),
    serverError: api.metricServerError({ ...opts, statistic: 'Sum' }),
    latencyP99: api.metricLatency({ ...opts, statistic: 'p99' }),
  };
}

/** A short dashboard label for a monitored construct: its parent's id for PipelineFunction's 'Function'. */
export function labelOf(scope: IConstruct): string {
  const { id, scope: parent } = scope.node;
  return id === 'Function' && parent ? parent.node.id : id;
}

/** Errors and throttles of one function, Sum per 5 minutes. */
export function functionMetrics(fn: IFunction): {
  errors: Metric;
  throttles: Metric;
} {
  return {
    errors: fn.metricErrors({ period: FIVE_MINUTES }),
    throttles: fn.metricThrottles({ period: FIVE_MINUTES }),
  };
}

/** Firehose S3 delivery health: freshness (max s), success (min 0–1), conversion failures. */
export function deliveryStreamMetrics(stream: IDeliveryStream): {
  freshness: Metric;
  success: Metric;
  failedConversion: Metric;
} {
  const opts = (statistic: string) => ({ statistic, period: FIVE_MINUTES });
  return {
    freshness: stream.metric('DeliveryToS3.DataFreshness', opts('Maximum')),
    success: stream.metric('DeliveryToS3.Success', opts('Minimum')),
    failedConversion: stream.metric('FailedConversion.Records', opts('Sum')),
  };
}

/** Messages waiting in a dead-letter queue (Maximum per 5 minutes). */
export function queueDepthMetric(queue: IQueue): Metric {
  return queue.metricApproximateNumberOfMessagesVisible({
    statistic: 'Maximum',
    period: FIVE_MINUTES,
  });
}
