import { withPseudonymizedRecipients } from '../../core/privacy';
import type { EventSink } from '../../core/raw-record';
import { ENV, optionalEnv, requireEnv } from './env';
import { firehose } from './firehose-client';
import { FirehoseSink } from './firehose-sink';
import { s3 } from './s3-client';
import { readSecretString } from './secret-string';
import { secretsManager } from './secrets-manager-client';

/**
 * The lake sink a handler writes to, from its environment: the events and
 * raw streams (and the bucket for oversized raw records), wrapped to
 * pseudonymize recipients when a privacy key secret is configured (read once
 * per cold start; a failed read is retried on the next call).
 * @example const sink = await lakeSink();
 */
export function lakeSinkFromEnv(): () => Promise<EventSink> {
  let pending: Promise<EventSink> | undefined;
  const build = async (): Promise<EventSink> => {
    const sink = new FirehoseSink({
      firehose,
      s3,
      eventsStream: requireEnv(ENV.EVENTS_STREAM_NAME),
      rawStream: requireEnv(ENV.RAW_STREAM_NAME),
      bucket: optionalEnv(ENV.LAKE_BUCKET) ?? '',
    });
    const secretId = optionalEnv(ENV.PRIVACY_KEY_SECRET);
    return secretId
      ? withPseudonymizedRecipients(
          sink,
          await readSecretString(secretsManager, secretId),
        )
      : sink;
  };
  return () => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
