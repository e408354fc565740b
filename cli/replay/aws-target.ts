import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { S3RawSource } from '../../adapters/aws/s3-raw-source';
import type { RawRecordSource } from '../../app/replay/replay';
import type { EventSink } from '../../core/raw-record';
import { cliAwsConfig } from '../aws-clients';
import { deployedEventsSink } from '../deployed-events-sink';
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
 * `keySecret` (deployedEventsSink). Nothing is written to raw/.
 */
export async function awsReplayTarget(
  opts: AwsReplayOptions,
  io: CliIo,
): Promise<AwsReplayTarget> {
  const { config, s3Config } = cliAwsConfig(io, opts.region);
  const s3 = new S3Client(s3Config);
  const firehose = new FirehoseClient(config);
  const close = () => {
    s3.destroy();
    firehose.destroy();
  };
  try {
    const sink = opts.stream
      ? await deployedEventsSink({
          firehose,
          s3,
          config,
          bucket: opts.bucket,
          stream: opts.stream,
          keySecret: opts.keySecret,
        })
      : undefined;
    const hashed = opts.keySecret ? ', recipients hashed' : '';
    return {
      source: new S3RawSource(s3, opts.bucket),
      sink,
      where: `firehose ${opts.stream ?? '(none)'}${hashed}`,
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}
