import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from './config';
import { MailtrailStack } from './mailtrail-stack';

/**
 * Builds the CDK app from context `mailtrail` (cdk.json or -c), with cdk-nag
 * AwsSolutions checks: any unacknowledged finding fails synth.
 */
export function buildApp(app: App = new App()): {
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
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
