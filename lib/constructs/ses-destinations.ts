import { Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { EmailSendingEvent } from 'aws-cdk-lib/aws-ses';
import type { IConstruct } from 'constructs';
import { DEFAULT_DESTINATION_NAME } from '../../core/ses/attach-plan';

/** All ten SES event types, DELIVERY_DELAY and SUBSCRIPTION included. */
export const ALL_SES_EVENTS: readonly EmailSendingEvent[] = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.OPEN,
  EmailSendingEvent.CLICK,
  EmailSendingEvent.RENDERING_FAILURE,
  EmailSendingEvent.DELIVERY_DELAY,
  EmailSendingEvent.SUBSCRIPTION,
];

/**
 * Event destination names, fixed per kind so switching kinds never makes
 * one resource overwrite or delete the other's destination.
 */
export const SES_DESTINATION_NAMES = {
  sns: DEFAULT_DESTINATION_NAME,
  firehose: `${DEFAULT_DESTINATION_NAME}-firehose`,
} as const;

/**
 * SES publishing for any configuration set of this account only: the
 * source conditions stop other accounts from using the grant (confused
 * deputy), and sets attached later need no redeploy.
 */
export function sesConfigurationSetPrincipal(
  scope: IConstruct,
): ServicePrincipal {
  const stack = Stack.of(scope);
  return new ServicePrincipal('ses.amazonaws.com', {
    conditions: {
      StringEquals: { 'AWS:SourceAccount': stack.account },
      ArnLike: {
        'AWS:SourceArn': stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: '*',
        }),
      },
    },
  });
}

/**
 * Checks the SES section for combinations zod cannot see and throws one
 * Error listing every problem.
 */
export function validateSesConfig(ses: {
  readonly configurationSetName: string;
  readonly existingConfigurationSets: readonly string[];
}): void {
  const problems: string[] = [];
  const existing = ses.existingConfigurationSets;
  const dupes = existing.filter((n, i) => existing.indexOf(n) !== i);
  if (dupes.length > 0) {
    problems.push(`existingConfigurationSets lists ${dupes.join(', ')} twice`);
  }
  if (
    ses.configurationSetName !== '' &&
    existing.includes(ses.configurationSetName)
  ) {
    problems.push(
      `configurationSetName "${ses.configurationSetName}" is created by the stack; do not list it in existingConfigurationSets`,
    );
  }
  if (problems.length > 0) {
    throw new Error(
      `Invalid SES configuration:\n  - ${problems.join('\n  - ')}`,
    );
  }
}
