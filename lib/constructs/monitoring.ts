import {
  ArnFormat,
  CfnOutput,
  Duration,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
} from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { liveRates } from '../../core/metrics/live-names';
import { percentOf } from '../../core/metrics/rates';
import { PROVIDERS, type Provider } from '../../core/schema';
import { type AlarmFactory, alarmFactory, pascalId } from './monitoring-alarms';
import { MonitoringHealth } from './monitoring-health';
import { rateMetric } from './monitoring-metrics';
import { ratesAlarmPeriod } from './monitoring-periods';
import type { ArchiverMonitor, MonitoringProps } from './monitoring-props';
import { rateWidget, sectionTitle, volumeWidgets } from './monitoring-widgets';
import {
  RatesPublisher,
  type RatesSettings,
  ratesWithDefaults,
} from './rates-publisher';

export type { ArchiverMonitor, MonitoringProps } from './monitoring-props';

/**
 * The metrics dashboard and alarms (docs/design.md "Metrics and rates"): the
 * rates publisher, an SNS alarm topic (optional e-mail), volume and rate
 * widgets with threshold lines, rate alarms per provider; pipeline health
 * through the monitor* methods, which other constructs' owners call.
 * @example pipeline.monitoring.monitorFunctions([webhook.fn])
 */
export class Monitoring extends Construct {
  /** Every alarm notifies this topic (ALARM and OK). */
  readonly topic: Topic;
  /** The mailtrail dashboard. */
  readonly dashboard: Dashboard;
  /** The scheduled rates Lambda. */
  readonly rates: RatesPublisher;
  private readonly health: MonitoringHealth;
  private readonly alarm: AlarmFactory;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const prefix = props.prefix ?? 'mailtrail';
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `${prefix} alarms`,
      enforceSSL: true,
      ...(props.topicKey ? { masterKey: props.topicKey } : {}),
    });
    allowCloudWatchAlarms(this.topic, props.topicKey);
    if (!props.topicKey) {
      Validations.of(this.topic).acknowledge({
        id: 'AwsSolutions-SNS2',
        reason:
          'Alarm notifications carry only alarm names and metric values; a customer managed key (the only kind CloudWatch alarms can publish through) is opt-in via topicKey.',
      });
    }
    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: prefix,
      defaultInterval: Duration.days(1),
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'SNS topic every mailtrail alarm notifies',
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.dashboard.dashboardName,
      description: 'CloudWatch dashboard',
    });
    this.alarm = alarmFactory(this, this.topic, prefix);
    this.rates = new RatesPublisher(this, 'Rates', props.rates);
    this.addRates(ratesWithDefaults(props.rates), props.providers ?? PROVIDERS);
    this.health = new MonitoringHealth(this.dashboard, this.alarm);
    this.monitorFunctions([this.rates.fn]);
    if (props.httpApi) this.monitorHttpApi(props.httpApi);
    this.monitorFunctions(props.functions ?? []);
    this.monitorDeliveryStreams(props.deliveryStreams ?? []);
    this.monitorDeliveryStreams(props.formatConversionStreams ?? [], {
      formatConversion: true,
    });
    for (const q of props.dlqs ?? []) this.monitorQueue(q);
    this.monitorArchivers(props.archivers ?? []);
  }

  /** Webhook API: 4xx/5xx/latency and rejection reasons; 5xx alarms. */
  monitorHttpApi(api: IHttpApi): void {
    this.health.httpApi(api);
  }

  /** Errors and throttles per function; any error alarms. */
  monitorFunctions(fns: readonly IFunction[]): void {
    this.health.functions(fns);
  }

  /**
   * Firehose freshness and delivery success; each alarms. With
   * `formatConversion`, also record format conversion failures (only
   * streams that convert records can have any).
   */
  monitorDeliveryStreams(
    streams: readonly IDeliveryStream[],
    options: { readonly formatConversion?: boolean } = {},
  ): void {
    this.health.deliveryStreams(streams, options.formatConversion ?? false);
  }

  /** A dead-letter queue: any visible message alarms. */
  monitorQueue(queue: IQueue): void {
    this.health.queue(queue);
  }

  /** Archiver successes; no success within staleAfter alarms (missing = breaching). */
  monitorArchivers(archivers: readonly ArchiverMonitor[]): void {
    this.health.archivers(archivers);
  }

  private addRates(
    metrics: Required<RatesSettings>,
    providers: readonly Provider[],
  ): void {
    const period = ratesAlarmPeriod(metrics.ratesSchedule);
    const thresholds = {
      bounceRate: {
        warning: metrics.bounceRateWarning,
        critical: metrics.bounceRateCritical,
      },
      complaintRate: {
        warning: metrics.complaintRateWarning,
        critical: metrics.complaintRateCritical,
      },
    };
    const byDomain =
      metrics.dimensions.includes('SendingDomain') &&
      metrics.sendingDomains.length > 0;
    const domainSeries = byDomain ? domainRateSeries(metrics, providers) : [];
    this.dashboard.addWidgets(sectionTitle('## Volume by event type'));
    this.dashboard.addWidgets(...volumeWidgets(providers));
    // blastengine alone produces no rate: no section, no empty alarm list.
    if (!providers.some((p) => liveRates(p).length > 0)) return;
    this.dashboard.addWidgets(
      sectionTitle(
        `## Rates (trailing ${metrics.rateWindowHours} h, published at ≥ ${metrics.minimumVolume} sends)`,
      ),
    );
    const rateAlarms: Alarm[] = [];
    for (const rate of ['bounceRate', 'complaintRate'] as const) {
      const t = thresholds[rate];
      // Only where the provider reports both counts: a rate it can never
      // produce would be an alarm that never fires.
      const rated = providers.filter((p) => liveRates(p).includes(rate));
      if (rated.length === 0) continue;
      this.dashboard.addWidgets(
        rateWidget(rate, t, period, { providers: rated }),
        ...(byDomain ? [rateWidget(rate, t, period, 'domains')] : []),
      );
      for (const provider of rated) {
        for (const level of ['warning', 'critical'] as const) {
          rateAlarms.push(
            this.alarm(`${pascal(provider)}${pascal(rate)}${pascal(level)}`, {
              metric: rateMetric(rate, { Provider: provider }, period),
              threshold: percentOf(t[level]),
              description: `${provider} ${rate} ≥ ${percentOf(t[level])} % (${level})`,
            }),
          );
        }
      }
      for (const dims of domainSeries.filter(
        (d) =>
          d.Provider === undefined || rated.includes(d.Provider as Provider),
      )) {
        const label = Object.values(dims).join(' ');
        rateAlarms.push(
          this.alarm(
            `${Object.values(dims).map(pascalId).join('')}${pascal(rate)}Critical`,
            {
              metric: rateMetric(rate, dims, period),
              threshold: percentOf(t.critical),
              description: `${label} ${rate} ≥ ${percentOf(t.critical)} % (critical)`,
            },
          ),
        );
      }
    }
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Rate alarms',
        alarms: rateAlarms,
        width: 24,
      }),
    );
  }
}

/**
 * Lets this account's CloudWatch alarms publish to the alarm topic. The
 * topic policy enforceSSL creates replaces SNS's default one, so without
 * this Allow no alarm notification is ever delivered; with a KMS key, the
 * key policy must let CloudWatch use it too (a no-op for imported keys,
 * whose policy the owner keeps).
 */
function allowCloudWatchAlarms(topic: Topic, key: IKey | undefined): void {
  const stack = Stack.of(topic);
  const cloudwatch = new ServicePrincipal('cloudwatch.amazonaws.com');
  const conditions = {
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
    StringEquals: { 'aws:SourceAccount': stack.account },
  };
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AllowCloudWatchAlarms',
      principals: [cloudwatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions,
    }),
  );
  // The key policy form of the SNS developer guide ("AWS KMS permissions
  // for AWS services"): SNS uses the key on the publisher's behalf.
  key?.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToUseTheKey',
      principals: [cloudwatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
}

/**
 * The per-domain rate series alarmed on: each listed sending domain per
 * enabled provider ({Provider, SendingDomain}), or once per domain when
 * counts are not split by provider ({SendingDomain}). `(other)` gets rates
 * on the dashboard but no alarm: it mixes every unlisted domain.
 */
function domainRateSeries(
  metrics: Required<RatesSettings>,
  providers: readonly string[],
): Record<string, string>[] {
  const { dimensions, sendingDomains } = metrics;
  if (!dimensions.includes('Provider')) {
    return sendingDomains.map((d) => ({ SendingDomain: d }));
  }
  return providers.flatMap((p) =>
    sendingDomains.map((d) => ({ Provider: p, SendingDomain: d })),
  );
}

function pascal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
