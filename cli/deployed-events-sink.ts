import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FirehoseSink } from '../adapters/aws/firehose-sink';
import { readSecretString } from '../adapters/aws/secret-string';
import { withPseudonymizedRecipients } from '../core/privacy';
import type { EventSink } from '../core/raw-record';
import { CliUsageError } from './types';

/** The recipient key secret of a default deployment. */
export const DEFAULT_KEY_SECRET = 'mailtrail/privacy/recipient-key';

/** parseCliArgs options of the deployment's recipient rule. */
export const RECIPIENTS_OPTIONS = {
  recipients: { type: 'string' },
  'key-secret': { type: 'string', default: DEFAULT_KEY_SECRET },
} as const;

const RECIPIENTS: readonly (string | undefined)[] = ['hashed', 'plain'];

/**
 * The key secret to pseudonymize recipients with (undefined: plain), from
 * --recipients and --key-secret. `flag` names the option that writes events
 * to the deployed lake; when it is given, --recipients is required (a wrong
 * guess would store plain addresses in a hashed lake, or unreadable hashes
 * in a plain one), otherwise --recipients is refused.
 * @example recipientKeySecret(values, { flag: '--bucket', given: true })
 */
export function recipientKeySecret(
  values: { readonly recipients?: string; readonly 'key-secret': string },
  needs: { readonly flag: string; readonly given: boolean },
): string | undefined {
  const { recipients } = values;
  if (!needs.given) {
    if (recipients !== undefined) {
      throw new CliUsageError(`--recipients applies to ${needs.flag} only`);
    }
    return undefined;
  }
  if (!RECIPIENTS.includes(recipients)) {
    throw new CliUsageError(
      `${needs.flag} needs --recipients hashed or --recipients plain (the deployment's privacy.hashRecipients)`,
    );
  }
  return recipients === 'hashed' ? values['key-secret'] : undefined;
}

/** Clients and names of a CLI write to the deployed events stream. */
export interface DeployedEventsSinkOptions {
  readonly firehose: FirehoseClient;
  readonly s3: S3Client;
  /** Client settings for Secrets Manager (the user's credentials). */
  readonly config: { region?: string; endpoint?: string };
  readonly bucket: string;
  readonly stream: string;
  /** Secret of the recipient key when the deployment hashes recipients. */
  readonly keySecret: string | undefined;
}

/**
 * The events stream (Firehose) of a deployment as a sink, pseudonymizing
 * recipients with the key in `keySecret` exactly as the pipeline's handlers
 * do. The key is read here, so a secret that cannot be read fails before
 * anything is written. Only putEvents is reachable.
 */
export async function deployedEventsSink(
  opts: DeployedEventsSinkOptions,
): Promise<Pick<EventSink, 'putEvents'>> {
  const firehoseSink = new FirehoseSink({
    firehose: opts.firehose,
    s3: opts.s3,
    eventsStream: opts.stream,
    rawStream: '',
    bucket: opts.bucket,
  });
  if (!opts.keySecret) {
    return { putEvents: (events) => firehoseSink.putEvents(events) };
  }
  const secrets = new SecretsManagerClient(opts.config);
  let key: string;
  try {
    key = await readSecretString(secrets, opts.keySecret);
  } finally {
    secrets.destroy();
  }
  const sink = withPseudonymizedRecipients(firehoseSink, key);
  return { putEvents: (events) => sink.putEvents(events) };
}
