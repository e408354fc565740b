import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  CreateDeliveryStreamCommand,
  FirehoseClient,
} from '@aws-sdk/client-firehose';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';

/** The region every integration test talks to moto in. */
export const MOTO_REGION = 'us-east-1';

/** The moto server's URL; throws outside scripts/with-moto.mjs. */
export function motoEndpoint(): string {
  const endpoint = process.env.MOTO_ENDPOINT;
  if (!endpoint) throw new Error('run under scripts/with-moto.mjs');
  return endpoint;
}

/** Client settings for moto: `new SecretsManagerClient(motoConfig(url))`. */
export function motoConfig(endpoint: string): {
  endpoint: string;
  region: string;
} {
  return { endpoint, region: MOTO_REGION };
}

/** An S3 client for moto (path-style: the bucket is not a DNS name there). */
export function motoS3(endpoint: string): S3Client {
  return new S3Client({ ...motoConfig(endpoint), forcePathStyle: true });
}

/**
 * A short random id for resource names: moto shares one server across test
 * files, so each file names its bucket, streams and secrets apart.
 */
export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

/**
 * A moto bucket with DirectPut Firehose streams delivering into it, and
 * what they delivered read back (keys in sorted order).
 * @example const lake = new MotoBucket(motoEndpoint(), `it-${uniqueSuffix()}`)
 */
export class MotoBucket {
  readonly s3: S3Client;
  readonly firehose: FirehoseClient;

  constructor(
    endpoint: string,
    readonly name: string,
  ) {
    this.s3 = motoS3(endpoint);
    this.firehose = new FirehoseClient(motoConfig(endpoint));
  }

  /** Creates the bucket. */
  async create(): Promise<void> {
    await this.s3.send(new CreateBucketCommand({ Bucket: this.name }));
  }

  /** Creates a DirectPut stream writing under `prefix` of this bucket. */
  async createStream(streamName: string, prefix: string): Promise<void> {
    await this.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: streamName,
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: {
          BucketARN: `arn:aws:s3:::${this.name}`,
          RoleARN: 'arn:aws:iam::123456789012:role/mailtrail-it',
          Prefix: prefix,
        },
      }),
    );
  }

  /** The keys under `prefix`, sorted. */
  async keysUnder(prefix: string): Promise<string[]> {
    const res = await this.s3.send(
      new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix }),
    );
    return (res.Contents ?? []).map((o) => o.Key!).sort();
  }

  /** One object's bytes. */
  async bodyOf(key: string): Promise<Buffer> {
    const res = await this.s3.send(
      new GetObjectCommand({ Bucket: this.name, Key: key }),
    );
    return Buffer.from(await res.Body!.transformToByteArray());
  }

  /** One object as UTF-8 text; `gunzip` for objects written gzip. */
  async textOf(key: string, opts: { gunzip?: boolean } = {}): Promise<string> {
    const body = await this.bodyOf(key);
    return (opts.gunzip ? gunzipSync(body) : body).toString('utf8');
  }

  /** Every object under `prefix` as text, in key order. */
  async textsUnder(
    prefix: string,
    opts: { gunzip?: boolean } = {},
  ): Promise<string[]> {
    const keys = await this.keysUnder(prefix);
    return Promise.all(keys.map((key) => this.textOf(key, opts)));
  }

  /** Everything delivered under `prefix`: the objects joined in key order. */
  async deliveredText(prefix: string): Promise<string> {
    return (await this.textsUnder(prefix)).join('');
  }
}
