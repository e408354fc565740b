import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  ComparisonOperator,
  type Dashboard,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { PIPELINE_METRICS } from '../../core/metrics/pipeline';
import { type AlarmFactory, idOf, pascalId } from './monitoring-alarms';
import {
  archiverSuccessMetric,
  deliveryStreamMetrics,
  functionMetrics,
  labelOf,
  queueDepthMetric,
  webhookMetrics,
} from './monitoring-metrics';
import { type ArchiverMonitor, validateArchivers } from './monitoring-props';
import {
  counterSearchWidget,
  graph,
  labeled,
  sectionTitle,
} from './monitoring-widgets';

/** Firehose DataFreshness above which a stream alarms. */
export const FRESHNESS_ALARM = Duration.minutes(30);

/**
 * The pipeline-health rows of the dashboard and their alarms. Each method
 * appends one section; ids derive from the monitored construct's path, so
 * monitoring the same resource twice fails synth instead of doubling alarms.
 */
export class MonitoringHealth {
  constructor(
    private readonly dashboard: Dashboard,
    private readonly alarm: AlarmFactory,
  ) {}

  /** Webhook 4xx/5xx/latency, rejection reasons, normalize errors; 5xx alarms. */
  httpApi(api: IHttpApi): void {
    const m = webhookMetrics(api);
    this.dashboard.addWidgets(sectionTitle('## Webhooks'));
    this.dashboard.addWidgets(
      graph(
        'Webhook 4xx / 5xx',
        [labeled(m.clientError, '4xx'), labeled(m.serverError, '5xx')],
        8,
      ),
      graph('Webhook latency p99 (ms)', [m.latencyP99], 8),
      counterSearchWidget(
        'Rejected by provider and reason',
        PIPELINE_METRICS.WebhookRejected,
        ['Provider', 'Reason'],
      ),
    );
    this.dashboard.addWidgets(
      counterSearchWidget(
        'Requests by provider',
        PIPELINE_METRICS.WebhookRequests,
        ['Provider'],
      ),
      counterSearchWidget(
        'Normalize errors',
        PIPELINE_METRICS.NormalizeErrors,
        ['Provider'],
      ),
    );
    this.alarm(`WebhookServerErrors${idOf(api)}`, {
      metric: m.serverError,
      threshold: 1,
      description:
        'the webhook API answered 5xx (providers retry; check the function logs)',
    });
  }

  /** Errors/throttles per function; any error alarms. */
  functions(fns: readonly IFunction[]): void {
    if (fns.length === 0) return;
    const metrics = fns.map(functionMetrics);
    this.dashboard.addWidgets(
      graph(
        'Lambda errors',
        metrics.map((m, i) => labeled(m.errors, labelOf(fns[i] as IFunction))),
      ),
      graph(
        'Lambda throttles',
        metrics.map((m, i) =>
          labeled(m.throttles, labelOf(fns[i] as IFunction)),
        ),
      ),
    );
    fns.forEach((fn, i) => {
      this.alarm(`FunctionErrors${idOf(fn)}`, {
        metric: (metrics[i] as (typeof metrics)[number]).errors,
        threshold: 1,
        description: `${fn.node.path} reported errors`,
      });
    });
  }

  /**
   * Firehose freshness and delivery success, and conversion failures of
   * streams that convert records (`formatConversion`); each alarms.
   */
  deliveryStreams(
    streams: readonly IDeliveryStream[],
    formatConversion: boolean,
  ): void {
    if (streams.length === 0) return;
    const metrics = streams.map(deliveryStreamMetrics);
    const label = (i: number) => labelOf(streams[i] as IDeliveryStream);
    this.dashboard.addWidgets(
      graph(
        'Firehose data freshness (s)',
        metrics.map((m, i) => labeled(m.freshness, label(i))),
        8,
      ),
      graph(
        'Firehose S3 delivery success (0–1)',
        metrics.map((m, i) => labeled(m.success, label(i))),
        8,
      ),
      ...(formatConversion
        ? [
            graph(
              'Firehose failed conversions',
              metrics.map((m, i) => labeled(m.failedConversion, label(i))),
              8,
            ),
          ]
        : []),
    );
    streams.forEach((stream, i) => {
      const m = metrics[i] as (typeof metrics)[number];
      const id = idOf(stream);
      this.alarm(`FirehoseFreshness${id}`, {
        metric: m.freshness,
        threshold: FRESHNESS_ALARM.toSeconds(),
        description: `${stream.node.path} holds records older than ${FRESHNESS_ALARM.toMinutes()} min`,
      });
      this.alarm(`FirehoseDeliveryFailure${id}`, {
        metric: m.success,
        threshold: 1,
        comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
        description: `${stream.node.path} failed S3 deliveries (it retries; see errors/ and its log group)`,
      });
      if (formatConversion) {
        this.alarm(`FirehoseFailedConversion${id}`, {
          metric: m.failedConversion,
          threshold: 1,
          description: `${stream.node.path} could not convert records to Parquet (see errors/)`,
        });
      }
    });
  }

  /** A dead-letter queue: depth widget, any visible message alarms. */
  queue(queue: IQueue): void {
    const metric = queueDepthMetric(queue);
    this.dashboard.addWidgets(
      graph(`DLQ depth — ${labelOf(queue)}`, [metric], 24),
    );
    this.alarm(`DlqNotEmpty${idOf(queue)}`, {
      metric,
      threshold: 1,
      description: `${queue.node.path} holds failed messages (inspect, then redrive)`,
    });
  }

  /** Archiver successes per hour; no success within staleAfter alarms. */
  archivers(archivers: readonly ArchiverMonitor[]): void {
    if (archivers.length === 0) return;
    validateArchivers(archivers);
    const hour = Duration.hours(1);
    const alarms = archivers.map((a) => {
      const hours = Math.ceil(
        (a.staleAfter ?? Duration.hours(26)).toHours({ integral: false }),
      );
      return this.alarm(`ArchiverStale${pascalId(a.name)}`, {
        metric: archiverSuccessMetric(a.name, hour),
        threshold: 1,
        comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
        missing: TreatMissingData.BREACHING,
        evaluationPeriods: hours,
        description: `archiver ${a.name} has not succeeded for ${hours} h`,
      });
    });
    this.dashboard.addWidgets(sectionTitle('## Archivers'));
    this.dashboard.addWidgets(
      graph(
        'Archiver successes per hour',
        archivers.map((a) =>
          labeled(archiverSuccessMetric(a.name, hour), a.name),
        ),
      ),
      new AlarmStatusWidget({
        title: 'Archiver freshness (stale = no success within its window)',
        alarms,
        width: 12,
      }),
    );
  }
}
