import {
  PutSuppressedDestinationCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import type { PushTarget } from '../../app/suppressions/push';
import type { SuppressionReason } from '../../core/suppressions/entry';

/**
 * SES knows two reasons only: complaints and unsubscribes (the recipient
 * does not want mail) go in as COMPLAINT, bounces as BOUNCE.
 */
export const SES_REASON: Readonly<
  Record<SuppressionReason, 'BOUNCE' | 'COMPLAINT'>
> = {
  hard_bounce: 'BOUNCE',
  soft_bounces: 'BOUNCE',
  complaint: 'COMPLAINT',
  unsubscribe: 'COMPLAINT',
};

/** The SES account-level suppression list (SES v2 PutSuppressedDestination). */
export function sesSuppressionTarget(client: SESv2Client): PushTarget {
  return {
    name: 'ses',
    async push(address, reason) {
      await client.send(
        new PutSuppressedDestinationCommand({
          EmailAddress: address,
          Reason: SES_REASON[reason],
        }),
      );
    },
  };
}
