export type { MailtrailConfig, MailtrailConfigInput } from './config';
export { ConfigError, loadConfig, MailtrailConfigSchema } from './config';
export type { MailtrailPipelineProps } from './mailtrail-pipeline';
export { MailtrailPipeline } from './mailtrail-pipeline';
export type { MailtrailStackProps } from './mailtrail-stack';
export { MailtrailStack } from './mailtrail-stack';
