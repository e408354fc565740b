import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { MailtrailConfig } from './config';
import { MailtrailPipeline } from './mailtrail-pipeline';

/** Props of {@link MailtrailStack}. */
export interface MailtrailStackProps extends StackProps {
  readonly config: MailtrailConfig;
}

/** The deployable stack: one {@link MailtrailPipeline}. */
export class MailtrailStack extends Stack {
  readonly pipeline: MailtrailPipeline;

  constructor(scope: Construct, id: string, props: MailtrailStackProps) {
    super(scope, id, props);
    this.pipeline = new MailtrailPipeline(this, 'Pipeline', {
      config: props.config,
    });
  }
}
