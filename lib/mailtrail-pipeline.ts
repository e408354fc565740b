import { Construct } from 'constructs';
import type { MailtrailConfig } from './config';
import { Archivers } from './constructs/archivers';
import { EventLake } from './constructs/event-lake';
import { Monitoring } from './constructs/monitoring';
import { SesEventSource } from './constructs/ses-event-source';
import { WebhookIngest, webhookRoutes } from './constructs/webhook-ingest';

/** Props of {@link MailtrailPipeline}. */
export interface MailtrailPipelineProps {
  /** The validated configuration (see lib/config.ts `loadConfig`). */
  readonly config: MailtrailConfig;
}

/**
 * The whole mailtrail pipeline as one construct, so a team can add it to its
 * own CDK app: lake, webhook ingestion, SES event source, metrics and
 * monitoring, archivers. Composes constructs; owns no business logic.
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

  constructor(scope: Construct, id: string, props: MailtrailPipelineProps) {
    super(scope, id);
    const { config } = props;
    this.lake = new EventLake(this, 'Lake', { config });
    // What the webhook, SES and archiver constructs write into.
    const { eventsStream, rawStream, bucket } = this.lake;
    const lakeInputs = { config, eventsStream, rawStream, bucket };
    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      deliveryStreams: [rawStream],
      formatConversionStreams: [eventsStream],
    });
    if (webhookRoutes(config).length > 0) {
      this.webhooks = new WebhookIngest(this, 'Webhooks', lakeInputs);
      this.monitoring.monitorHttpApi(this.webhooks.api);
      this.monitoring.monitorFunctions([this.webhooks.handler]);
    }
    if (config.providers.ses.enabled) {
      this.ses = new SesEventSource(this, 'Ses', lakeInputs);
      this.monitoring.monitorFunctions(this.ses.functions);
      this.monitoring.monitorDeliveryStreams(this.ses.deliveryStreams);
      for (const dlq of this.ses.dlqs) this.monitoring.monitorQueue(dlq);
    }
    this.archivers = new Archivers(this, 'Archivers', lakeInputs);
    this.monitoring.monitorFunctions(this.archivers.functions);
    this.monitoring.monitorArchivers(this.archivers.monitors);
    const archiveDlq = this.archivers.deadLetterQueue;
    if (archiveDlq) this.monitoring.monitorQueue(archiveDlq);
  }
}
