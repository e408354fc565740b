import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ENV } from '../contract/env';
import type { WebhookProvider } from '../contract/webhook-providers';
import { cmcLists } from '../core/archive/cmc';
import { PROVIDERS } from '../core/schema';
import type { MailtrailConfig } from './config';
import { type ArchiverSpec, Archivers } from './constructs/archivers';
import { EventLake, type EventLakeProps } from './constructs/event-lake';
import { Monitoring, type MonitoringProps } from './constructs/monitoring';
import { TRACING_CONTEXT } from './constructs/pipeline-function';
import { Reconciliation } from './constructs/reconciliation';
import { SesEventSource } from './constructs/ses-event-source';
import { Suppressions } from './constructs/suppressions';
import { monitorSuppressions } from './constructs/suppressions-monitoring';
import { WebhookIngest } from './constructs/webhook-ingest';

/** Props of {@link MailtrailPipeline}. */
export interface MailtrailPipelineProps {
  /** The validated configuration (see lib/config.ts `loadConfig`). */
  readonly config: MailtrailConfig;
}

/**
 * The whole mailtrail pipeline as one construct, so a team can add it to its
 * own CDK app: lake, webhook ingestion, SES event source, metrics and
 * monitoring, archivers. The only reader of {@link MailtrailConfig}: it turns
 * the configuration into each construct's typed props, and composes them.
 * @example new MailtrailPipeline(stack, 'Mailtrail', { config: loadConfig({}) })
 */
export class MailtrailPipeline extends Construct {
  /** S3 lake, Glue table, Firehose streams, Athena workgroup. */
  readonly lake: EventLake;
  /** Webhook HTTP API and Lambda; undefined when no webhook provider is on. */
  readonly webhooks?: WebhookIngest;
  /** SES configuration-set event publishing; undefined when SES is off. */
  readonly ses?: SesEventSource;
  /** Dashboard, alarm topic, alarms and the rates publisher. */
  readonly monitoring: Monitoring;
  /** Scheduled log archivers (blastengine, Mailgun, CMC) when configured. */
  readonly archivers: Archivers;
  /** Daily webhook/archive reconciliation; undefined when no archiver is on. */
  readonly reconciliation?: Reconciliation;
  /** The suppression table, its API route and pushes; undefined when off. */
  readonly suppressions?: Suppressions;

  constructor(scope: Construct, id: string, props: MailtrailPipelineProps) {
    super(scope, id);
    const { config } = props;
    this.node.setContext(TRACING_CONTEXT, config.tracing);
    const { prefix } = config;
    const lake = new EventLake(this, 'Lake', lakeProps(config));
    this.lake = lake;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      ...monitoringProps(config),
      deliveryStreams: [lake.rawStream],
      formatConversionStreams: [lake.eventsStream],
    });
    const dimensions = config.metrics.dimensions;
    const secretNames = webhookSecretNames(config);
    if (Object.keys(secretNames).length > 0) {
      const { webhooks, providers } = config;
      this.webhooks = new WebhookIngest(this, 'Webhooks', {
        lake,
        prefix,
        secretNames,
        blastengineAllowedIps: providers.blastengine.allowedSourceIps,
        cmcTimezone: providers.cmc.timezone,
        metricDimensions: dimensions,
        sendingDomains: config.metrics.sendingDomains,
        mailgunToleranceSeconds: webhooks.mailgunToleranceSeconds,
        maxBodyBytes: webhooks.maxBodyBytes,
        throttleRateLimit: webhooks.throttleRateLimit,
        throttleBurstLimit: webhooks.throttleBurstLimit,
      });
      this.monitoring.monitorHttpApi(this.webhooks.api);
      this.monitoring.monitorFunctions([this.webhooks.handler]);
    }
    const ses = config.providers.ses;
    if (ses.enabled) {
      this.ses = new SesEventSource(this, 'Ses', {
        lake,
        prefix,
        destinations: ses.destinations,
        configurationSetName: ses.configurationSetName,
        existingConfigurationSets: ses.existingConfigurationSets,
        // The SES stream's S3 output is SES's raw copy.
        bufferingInterval: Duration.seconds(
          config.lake.rawBufferingIntervalSeconds,
        ),
        metricDimensions: dimensions,
        sendingDomains: config.metrics.sendingDomains,
      });
      this.monitoring.monitorFunctions(this.ses.functions);
      this.monitoring.monitorDeliveryStreams(this.ses.deliveryStreams);
      for (const dlq of this.ses.dlqs) this.monitoring.monitorQueue(dlq);
    }
    const archived = enabledArchivers(config);
    this.archivers = new Archivers(this, 'Archivers', {
      lake,
      archivers: archived,
      reserveConcurrency: config.archivers.reserveConcurrency,
    });
    this.monitoring.monitorFunctions(this.archivers.functions);
    this.monitoring.monitorArchivers(this.archivers.monitors);
    const archiveDlq = this.archivers.deadLetterQueue;
    if (archiveDlq) this.monitoring.monitorQueue(archiveDlq);
    if (archived.length > 0) {
      this.reconciliation = new Reconciliation(this, 'Reconciliation', {
        prefix,
        lake,
        providers: archived.map((a) => a.provider),
        topic: this.monitoring.topic,
        ...config.reconciliation,
      });
      this.monitoring.monitorFunctions([this.reconciliation.fn]);
    }
    if (config.suppressions.enabled) {
      this.suppressions = this.addSuppressions(config);
    }
  }

  /** The suppression list, written by every function that stores events. */
  private addSuppressions(config: MailtrailConfig): Suppressions {
    const { suppressions: options, webhooks } = config;
    const suppressions = new Suppressions(this, 'Suppressions', {
      prefix: config.prefix,
      api: this.webhooks?.api,
      privacyKey: this.lake.privacyKey,
      softBounceThreshold: options.softBounceThreshold,
      softBounceWindowDays: options.softBounceWindowDays,
      pushToSes: options.push.ses.enabled,
      pushToMailgun: options.push.mailgun.enabled
        ? options.push.mailgun
        : undefined,
      throttleRateLimit: webhooks.throttleRateLimit,
      throttleBurstLimit: webhooks.throttleBurstLimit,
    });
    suppressions.attachWriters(
      [
        this.webhooks?.handler,
        this.ses?.sns?.handler,
        this.ses?.firehose?.transform,
        ...this.archivers.functions,
      ].filter((fn) => fn !== undefined),
    );
    this.monitoring.monitorFunctions(suppressions.functions);
    if (suppressions.pushDlq)
      this.monitoring.monitorQueue(suppressions.pushDlq);
    monitorSuppressions(
      suppressions,
      this.monitoring.dashboard,
      this.monitoring.topic,
      config.prefix,
    );
    return suppressions;
  }
}

/** The lake's props from `prefix`, `lake` and `privacy`. */
function lakeProps(config: MailtrailConfig): EventLakeProps {
  const { lake, privacy } = config;
  return {
    prefix: config.prefix,
    storage: lake,
    bufferingInterval: Duration.seconds(lake.bufferingIntervalSeconds),
    rawBufferingInterval: Duration.seconds(lake.rawBufferingIntervalSeconds),
    athenaBytesScannedCutoff: lake.athenaBytesScannedCutoff,
    privacyKeySecretName: privacy.hashRecipients
      ? privacy.keySecretName
      : undefined,
  };
}

/** Monitoring's props from `prefix`, `alarms`, `metrics` and the providers on. */
export function monitoringProps(config: MailtrailConfig): MonitoringProps {
  return {
    prefix: config.prefix,
    alarmEmail: config.alarms.email,
    providers: PROVIDERS.filter((p) => config.providers[p].enabled),
    rates: config.metrics,
  };
}

/** The webhook secret of each enabled webhook provider. */
function webhookSecretNames(
  config: MailtrailConfig,
): Partial<Record<WebhookProvider, string>> {
  const { mailgun, blastengine, cmc } = config.providers;
  return {
    ...(mailgun.enabled && { mailgun: mailgun.signingKeySecretName }),
    ...(blastengine.enabled && {
      blastengine: blastengine.webhookTokenSecretName,
    }),
    ...(cmc.enabled && { cmc: cmc.webhookSecretName }),
  };
}

/**
 * The archivers the configuration turns on: blastengine with
 * `providers.blastengine.archive`, Mailgun when it lists domains, CMC with
 * `providers.cmc.archive`.
 */
function enabledArchivers(config: MailtrailConfig): ArchiverSpec[] {
  const { blastengine, mailgun, cmc } = config.providers;
  const { archivers } = config;
  const specs: (ArchiverSpec | false)[] = [
    blastengine.archive && {
      provider: 'blastengine',
      schedule: archivers.blastengineSchedule,
      secretName: blastengine.apiSecretName,
      environment: {},
    },
    mailgun.domains.length > 0 && {
      provider: 'mailgun',
      schedule: archivers.mailgunSchedule,
      secretName: mailgun.apiKeySecretName,
      environment: {
        [ENV.MAILGUN_DOMAINS]: mailgun.domains.join(','),
        [ENV.MAILGUN_REGION]: mailgun.region,
      },
    },
    cmc.archive && {
      provider: 'cmc',
      schedule: archivers.cmcSchedule,
      secretName: cmc.apiSecretName,
      environment: {
        [ENV.CMC_SERVER_COMPOSITION]: cmc.serverComposition,
        [ENV.CMC_TIMEZONE]: cmc.timezone,
        [ENV.CMC_ARCHIVE_LISTS]: cmcLists(cmc.archiveLists).join(','),
      },
    },
  ];
  return specs.filter((s): s is ArchiverSpec => s !== false);
}
