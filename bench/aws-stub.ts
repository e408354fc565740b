import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';

/** What the stub saw; filled only while `inspect` is on (it costs time). */
export interface StubStats {
  calls: Record<string, number>;
  putRecordBatchRecords: number;
  /** Largest number of newline-separated events in one Firehose record. */
  maxEventsPerRecord: number;
  bytesSent: number;
}

/** A request as the SDK hands it to its HTTP handler (the parts we read). */
interface StubRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

const encoder = new TextEncoder();

const decoder = new TextDecoder();
const bodyText = (body: unknown): string =>
  body instanceof Uint8Array
    ? decoder.decode(body)
    : typeof body === 'string'
      ? body
      : '';

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1))
    n++;
  return n;
}

/**
 * An SDK requestHandler answering every call with success, after the SDK
 * has serialized, signed (SigV4) and checksummed the request for real: the
 * bench measures everything up to the network and nothing beyond it.
 */
export class StubHandler {
  inspect = false;
  readonly stats: StubStats = {
    calls: {},
    putRecordBatchRecords: 0,
    maxEventsPerRecord: 0,
    bytesSent: 0,
  };

  async handle(request: StubRequest) {
    const target = request.headers['x-amz-target'] ?? `${request.method} s3`;
    const op = target.split('.').pop()!;
    let body = '{}';
    if (op === 'PutRecordBatch') {
      const text = bodyText(request.body);
      const n = countOf(text, '"Data"');
      body = `{"FailedPutCount":0,"Encrypted":false,"RequestResponses":[${Array.from({ length: n }, (_, i) => `{"RecordId":"r${i}"}`).join(',')}]}`;
      if (this.inspect) this.record(text, n);
    }
    if (this.inspect) {
      this.stats.calls[op] = (this.stats.calls[op] ?? 0) + 1;
      const size = request.headers['content-length'];
      this.stats.bytesSent += size
        ? Number(size)
        : bodyText(request.body).length;
    }
    return {
      response: {
        statusCode: 200,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          etag: '"bench"',
        },
        body: encoder.encode(op.startsWith('PUT') ? '' : body),
      },
    };
  }

  private record(text: string, n: number): void {
    this.stats.putRecordBatchRecords += n;
    const records = (JSON.parse(text) as { Records: { Data: string }[] })
      .Records;
    for (const r of records) {
      const data = Buffer.from(r.Data, 'base64').toString('utf8');
      const events = data.split('\n').filter((l) => l !== '').length;
      this.stats.maxEventsPerRecord = Math.max(
        this.stats.maxEventsPerRecord,
        events,
      );
    }
  }

  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {}
}

/** Real SDK clients whose only fake is the network: all share one stub. */
export function stubClients(stub: StubHandler) {
  const config = {
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIABENCHBENCHBENCH0',
      secretAccessKey: 'bench',
    },
    requestHandler: stub,
  };
  return {
    firehose: new FirehoseClient(config),
    s3: new S3Client(config),
    dynamoDb: new DynamoDBClient(config),
    cloudWatch: new CloudWatchClient(config),
  };
}
