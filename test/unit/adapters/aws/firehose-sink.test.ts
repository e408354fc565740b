import { gunzipSync } from 'node:zlib';
import {
  FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIREHOSE_LIMITS } from '../../../../adapters/aws/firehose';
import {
  FirehoseSink,
  packLines,
  rawObjectKey,
} from '../../../../adapters/aws/firehose-sink';
import { chunkByLimits } from '../../../../core/chunk';
import { buildEvent } from '../../../../core/providers/common';
import type { RawRecord } from '../../../../core/raw-record';
import type { EmailEvent } from '../../../../core/schema';

const firehoseMock = mockClient(FirehoseClient);
const s3Mock = mockClient(S3Client);
const sink = new FirehoseSink({
  firehose: new FirehoseClient({ region: 'us-east-1' }),
  eventsStream: 'events-stream',
  rawStream: 'raw-stream',
  s3: new S3Client({ region: 'us-east-1' }),
  bucket: 'lake-bucket',
  retry: { sleep: async () => {} },
});

function event(i: number, subject: string | null = null): EmailEvent {
  return buildEvent(
    {
      provider: 'ses',
      idParts: [`m${i}`],
      eventType: 'delivered',
      occurredAt: '2026-03-14T02:20:00.000Z',
      recipient: `user${i}@example.com`,
      providerEvent: 'Delivery',
      subject,
    },
    { receivedAt: '2026-03-14T02:20:01.000Z', source: 'sns' },
  );
}

function raw(body: string, kind: RawRecord['kind'] = 'raw'): RawRecord {
  return {
    kind,
    provider: 'mailgun',
    received_at: '2026-03-14T02:20:01.000Z',
    source: 'webhook',
    reason: kind === 'rejected' ? 'mismatch' : null,
    content_type: 'application/json',
    body,
    body_encoding: 'utf8',
    request_id: 'req-1',
  };
}

function sentRecords(stream: string): string[] {
  return firehoseMock
    .commandCalls(PutRecordBatchCommand)
    .filter((c) => c.args[0].input.DeliveryStreamName === stream)
    .flatMap((c) => c.args[0].input.Records ?? [])
    .map((r) => new TextDecoder().decode(r.Data));
}

beforeEach(() => {
  firehoseMock.reset();
  s3Mock.reset();
  firehoseMock.on(PutRecordBatchCommand).callsFake((input) => ({
    FailedPutCount: 0,
    RequestResponses: input.Records.map(() => ({})),
  }));
  s3Mock.on(PutObjectCommand).resolves({});
});

describe('FirehoseSink.putEvents', () => {
  it('packs many events into one record of newline-delimited JSON', async () => {
    // Arrange
    const events = [event(1), event(2), event(3)];
    // Act
    await sink.putEvents(events);
    // Assert
    const records = sentRecords('events-stream');
    expect(records).toHaveLength(1);
    expect(records[0]).toBe(
      events.map((e) => `${JSON.stringify(e)}\n`).join(''),
    );
  });

  it('starts a new record before one would pass 1,000 KiB', async () => {
    // Arrange: each event ~300 KiB, so three fit in a record and a fourth
    // does not (set past buildEvent's caps to exercise the packing alone).
    const big = 'x'.repeat(300 * 1024);
    const events = [1, 2, 3, 4, 5].map((i) => ({ ...event(i), subject: big }));
    // Act
    await sink.putEvents(events);
    // Assert
    const records = sentRecords('events-stream');
    expect(records.map((r) => r.split('\n').length - 1)).toStrictEqual([3, 2]);
    for (const r of records) {
      expect(Buffer.byteLength(r)).toBeLessThanOrEqual(
        FIREHOSE_LIMITS.maxRecordBytes,
      );
    }
  });

  it('sends nothing for no events', async () => {
    // Act
    await sink.putEvents([]);
    // Assert
    expect(firehoseMock).toReceiveCommandTimes(PutRecordBatchCommand, 0);
  });

  it('throws when Firehose keeps refusing the records', async () => {
    // Arrange
    firehoseMock.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [{ ErrorCode: 'ServiceUnavailableException' }],
    });
    // Act
    const act = sink.putEvents([event(1)]);
    // Assert
    await expect(act).rejects.toMatchObject({ name: 'FirehoseDeliveryError' });
  });
});

describe('FirehoseSink.putRaw', () => {
  it('sends each raw record as one JSON record to the raw stream', async () => {
    // Arrange
    const records = [raw('{"a":1}'), raw('bad', 'rejected')];
    // Act
    await sink.putRaw(records);
    // Assert
    expect(sentRecords('raw-stream')).toStrictEqual(
      records.map((r) => JSON.stringify(r)),
    );
    expect(s3Mock).toReceiveCommandTimes(PutObjectCommand, 0);
  });

  it('writes a raw record over the Firehose limit to S3 as gzip NDJSON', async () => {
    // Arrange
    const large = raw('y'.repeat(FIREHOSE_LIMITS.maxRecordBytes), 'rejected');
    const small = raw('{}');
    // Act
    await sink.putRaw([large, small]);
    // Assert
    expect(sentRecords('raw-stream')).toStrictEqual([JSON.stringify(small)]);
    const [call] = s3Mock.commandCalls(PutObjectCommand);
    const input = call!.args[0].input;
    expect(input.Bucket).toBe('lake-bucket');
    expect(input.Key).toMatch(
      /^rejected\/provider=mailgun\/dt=2026-03-14\/oversize-[0-9a-f-]{36}\.ndjson\.gz$/,
    );
    expect(gunzipSync(input.Body as Buffer).toString('utf8')).toBe(
      `${JSON.stringify(large)}\n`,
    );
  });

  it('calls no Firehose when every record goes to S3', async () => {
    // Arrange
    const large = raw('z'.repeat(FIREHOSE_LIMITS.maxRecordBytes));
    // Act
    await sink.putRaw([large]);
    // Assert
    expect(firehoseMock).toReceiveCommandTimes(PutRecordBatchCommand, 0);
    expect(s3Mock).toReceiveCommandTimes(PutObjectCommand, 1);
  });
});

describe('packLines', () => {
  it('puts at most 500 lines in one record (Firehose de-aggregation cap)', () => {
    // Arrange
    const lines = Array.from({ length: 1201 }, (_, i) => `{"i":${i}}`);
    // Act
    const records = packLines(lines);
    // Assert
    const counts = records.map(
      (r) => Buffer.from(r).toString('utf8').split('\n').length - 1,
    );
    expect(counts).toStrictEqual([500, 500, 201]);
  });

  it('packs lines greedily under the byte limit', () => {
    // Act
    const records = packLines(['aaa', 'bb', 'c', 'dddd'], 8);
    // Assert
    expect(records.map((r) => Buffer.from(r).toString())).toStrictEqual([
      'aaa\nbb\n',
      'c\ndddd\n',
    ]);
  });

  it('gives a line longer than the limit a record of its own', () => {
    // Act
    const records = packLines(['a', 'toolong', 'b'], 4);
    // Assert
    expect(records.map((r) => Buffer.from(r).toString())).toStrictEqual([
      'a\n',
      'toolong\n',
      'b\n',
    ]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    // Act: '配信' is 6 bytes + newline.
    const records = packLines(['配信', '配信'], 10);
    // Assert
    expect(records).toHaveLength(2);
  });

  it('writes the bytes one encoding per line would, in the same records', () => {
    // Any JSON text: surrogate pairs, lone surrogates (escaped by JSON),
    // control characters; limits small enough to split often.
    const line = fc
      .string({ unit: 'binary', maxLength: 30 })
      .map((t) => JSON.stringify({ t }));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 7 }),
        (lines, maxBytes, maxLines) => {
          const oneByOne = chunkByLimits(
            lines.map((l) => Buffer.from(`${l}\n`)),
            (b) => b.byteLength,
            { maxBytes, maxCount: maxLines },
          ).map((parts) => Buffer.concat(parts));
          const packed = packLines(lines, maxBytes, maxLines);
          expect(packed.map((r) => Buffer.from(r))).toStrictEqual(oneByOne);
        },
      ),
    );
  });

  it('refuses a line holding a newline rather than split it across records', () => {
    expect(() => packLines(['{"a":1}', 'two\nlines'])).toThrow(/newline/);
  });

  it('packs nothing into no record', () => {
    expect(packLines([])).toStrictEqual([]);
  });
});

describe('rawObjectKey', () => {
  it('follows the raw stream layout by kind, provider and received day', () => {
    // Act
    const key = rawObjectKey(raw('{}'), 'id-1');
    // Assert
    expect(key).toBe(
      'raw/provider=mailgun/dt=2026-03-14/oversize-id-1.ndjson.gz',
    );
  });
});
