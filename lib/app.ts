import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from './config';
import { MailtrailStack } from './mailtrail-stack';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /**
   * Run cdk-nag AwsSolutions checks at synth (template-only tests skip them).
   * @default true
   */
  readonly nag?: boolean;
}

/**
 * Builds the CDK app from context `mailtrail` (cdk.json or -c), with cdk-nag
 * AwsSolutions checks: any unacknowledged finding fails synth.
 */
export function buildApp(
  app: App = new App(),
  options: BuildAppOptions = {},
): {
  app: App;
  stack: MailtrailStack;
} {
  const config = loadConfig(app.node.tryGetContext('mailtrail'));
  const stack = new MailtrailStack(app, 'Mailtrail', {
    config,
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION,
    },
    description:
      'mailtrail: one record of every email event (SES, Mailgun, blastengine, CMC)',
  });
  if (options.nag ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { app, stack };
}
