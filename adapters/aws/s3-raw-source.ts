import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RawRange, RawRecordSource } from '../../app/replay/replay';

const gunzipAsync = promisify(gunzip);

/** Top-level prefix of the raw records replay reads (never `rejected/`). */
const RAW_PREFIX = 'raw/';

/** gzip's magic bytes: Firehose's GZIP output and oversize objects start so. */
const isGzip = (b: Uint8Array): boolean =>
  b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** The value of the `name=value` partition of a `…/name=value/` prefix. */
function partitionOf(prefix: string, name: string): string | null {
  const segment = prefix.slice(0, -1).split('/').pop() ?? '';
  return segment.startsWith(`${name}=`) ? segment.slice(name.length + 1) : null;
}

/**
 * Raw records in the lake bucket, read-only: the objects under
 * `raw/provider=<p>/dt=<received day>/` — the raw stream's gzip NDJSON
 * objects and the `oversize-*.ndjson.gz` objects the pipeline writes
 * directly for records over the Firehose limit. Nothing is ever written.
 * @example for await (const key of new S3RawSource(s3, bucket).list({ provider: 'cmc' })) …
 */
export class S3RawSource implements RawRecordSource {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  /** Every ListObjectsV2 page under `prefix` (with `delimiter`: one level). */
  private async *pages(prefix: string, delimiter?: string) {
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          Delimiter: delimiter,
          ContinuationToken: token,
        }),
      );
      yield page;
      token = page.NextContinuationToken;
    } while (token);
  }

  /** The sub-prefixes one level under `prefix`. */
  private async *childPrefixes(prefix: string): AsyncIterable<string> {
    for await (const page of this.pages(prefix, '/')) {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) yield p.Prefix;
    }
  }

  private async *objectKeys(prefix: string): AsyncIterable<string> {
    for await (const page of this.pages(prefix)) {
      for (const o of page.Contents ?? []) if (o.Key) yield o.Key;
    }
  }

  async *list(range: RawRange): AsyncIterable<string> {
    const providers =
      range.provider !== undefined
        ? [`${RAW_PREFIX}provider=${range.provider}/`]
        : this.childPrefixes(RAW_PREFIX);
    for await (const providerPrefix of providers) {
      if (partitionOf(providerPrefix, 'provider') === null) continue;
      for await (const dayPrefix of this.childPrefixes(providerPrefix)) {
        const day = partitionOf(dayPrefix, 'dt');
        if (day === null) continue;
        if (range.from !== undefined && day < range.from) continue;
        if (range.to !== undefined && day > range.to) continue;
        yield* this.objectKeys(dayPrefix);
      }
    }
  }

  async read(key: string): Promise<string> {
    if (!key.startsWith(RAW_PREFIX)) {
      throw new Error(`not a raw object: ${key}`);
    }
    const res = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key }),
    );
    const bytes = await res.Body!.transformToByteArray();
    const text = isGzip(bytes) ? await gunzipAsync(bytes) : Buffer.from(bytes);
    return text.toString('utf8');
  }
}
