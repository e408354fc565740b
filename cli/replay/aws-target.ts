import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FirehoseSink } from '../../adapters/aws/firehose-sink';
import { S3RawSource } from '../../adapters/aws/s3-raw-source';
import { readSecretString } from '../../adapters/aws/secret-string';
import type { RawRecordSource } from '../../app/replay/replay';
import { withPseudonymizedRecipients } from '../../core/privacy';
import type { EventSink } from '../../core/raw-record';
import { cliAwsConfig } from '../aws-clients';
import type { CliIo } from '../types';

/** Where an AWS replay reads and writes, with the user's credentials. */
export interface AwsReplayOptions {
  readonly bucket: string;
  /** The events Firehose stream; omitted for a dry run. */
  readonly stream?: string;
  readonly region?: string;
  /** Secret of the recipient key when the deployment hashes recipients. */
  readonly keySecret?: string;
}

/** The source, sink and description of an AWS replay, and how to close it. */
export interface AwsReplayTarget {
  readonly source: RawRecordSource;
  readonly sink?: Pick<EventSink, 'putEvents'>;
  readonly where: string;
  close(): void;
}

/**
 * Reads raw records from the lake bucket's raw/ (S3) and writes events to
 * the events stream (Firehose), pseudonymizing recipients with the key in
 * `keySecret` exactly as the pipeline's handlers do. Only putEvents is
 * reachable: nothing is written to raw/.
 */
export async function awsReplayTarget(
  opts: AwsReplayOptions,
  io: CliIo,
): Promise<AwsReplayTarget> {
  const { config, s3Config } = cliAwsConfig(io, opts.region);
  const s3 = new S3Client(s3Config);
  const firehose = new FirehoseClient(config);
  const secrets = new SecretsManagerClient(config);
  const close = () => {
    s3.destroy();
    firehose.destroy();
    secrets.destroy();
  };
  try {
    let sink: Pick<EventSink, 'putEvents'> | undefined;
    if (opts.stream) {
      const firehoseSink = new FirehoseSink({
        firehose,
        s3,
        eventsStream: opts.stream,
        rawStream: '',
        bucket: opts.bucket,
      });
      sink = opts.keySecret
        ? withPseudonymizedRecipients(
            firehoseSink,
            await readSecretString(secrets, opts.keySecret),
          )
        : firehoseSink;
    }
    const hashed = opts.keySecret ? ', recipients hashed' : '';
    return {
      source: new S3RawSource(s3, opts.bucket),
      sink: sink && { putEvents: (events) => sink.putEvents(events) },
      where: `firehose ${opts.stream ?? '(none)'}${hashed}`,
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}
