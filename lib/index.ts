// The package entry, `mailtrail`: the CDK constructs and the configuration.
export type { MailtrailConfig, MailtrailConfigInput } from './config';
export { ConfigError, loadConfig, MailtrailConfigSchema } from './config';
export { Archivers, type ArchiversProps } from './constructs/archivers';
export { EventLake, type EventLakeProps } from './constructs/event-lake';
export { Monitoring } from './constructs/monitoring';
export type { MonitoringProps } from './constructs/monitoring-props';
export {
  LAMBDA_BUNDLES_CONTEXT,
  PipelineFunction,
  type PipelineFunctionProps,
} from './constructs/pipeline-function';
export {
  RatesPublisher,
  type RatesPublisherProps,
} from './constructs/rates-publisher';
export {
  SesEventSource,
  type SesEventSourceProps,
} from './constructs/ses-event-source';
export {
  WebhookIngest,
  type WebhookIngestProps,
} from './constructs/webhook-ingest';
export type { MailtrailPipelineProps } from './mailtrail-pipeline';
export { MailtrailPipeline } from './mailtrail-pipeline';
export type { MailtrailStackProps } from './mailtrail-stack';
export { MailtrailStack } from './mailtrail-stack';
