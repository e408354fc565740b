import { beforeAll, describe, expect, it } from 'vitest';
import {
  FIREHOSE_LIMITS,
  putRecordBatchReliably,
} from '../../adapters/aws/firehose';
import { FirehoseSink } from '../../adapters/aws/firehose-sink';
import { buildEvent } from '../../core/providers/common';
import type { RawRecord } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';
import { MotoBucket, motoEndpoint, uniqueSuffix } from '../helpers/moto';

const suffix = uniqueSuffix();
const BUCKET = `mailtrail-firehose-it-${suffix}`;
const EVENTS_STREAM = `mailtrail-events-it-${suffix}`;
const RAW_STREAM = `mailtrail-raw-it-${suffix}`;
const PLAIN_STREAM = `mailtrail-plain-it-${suffix}`;
const lake = new MotoBucket(motoEndpoint(), BUCKET);
const { firehose, s3 } = lake;

function event(i: number): EmailEvent {
  return buildEvent(
    {
      provider: 'ses',
      idParts: ['it', i],
      eventType: 'delivered',
      occurredAt: '2026-03-14T02:20:00.000Z',
      recipient: `user${i}@example.com`,
      sender: 'news@mail.example.com',
      providerEvent: 'Delivery',
    },
    { receivedAt: '2026-03-14T02:20:01.000Z', source: 'sns' },
  );
}

function raw(body: string): RawRecord {
  return {
    kind: 'raw',
    provider: 'mailgun',
    received_at: '2026-03-14T02:20:01.000Z',
    source: 'webhook',
    reason: null,
    content_type: 'application/json',
    body,
    body_encoding: 'utf8',
    request_id: 'it-1',
  };
}

const sink = new FirehoseSink({
  firehose,
  eventsStream: EVENTS_STREAM,
  rawStream: RAW_STREAM,
  s3,
  bucket: BUCKET,
});

beforeAll(async () => {
  await lake.create();
  await lake.createStream(EVENTS_STREAM, 'events/');
  await lake.createStream(RAW_STREAM, 'raw-stream/');
  await lake.createStream(PLAIN_STREAM, 'plain/');
});

describe('putRecordBatchReliably against moto', () => {
  it('delivers every record of a batch larger than one call', async () => {
    // Arrange: 600 records need two PutRecordBatch calls (500 + 100).
    const lines = Array.from({ length: 600 }, (_, i) => `record-${i}\n`);
    const records = lines.map((l) => new TextEncoder().encode(l));
    // Act
    await putRecordBatchReliably(firehose, PLAIN_STREAM, records);
    // Assert
    const delivered = (await lake.deliveredText('plain/'))
      .split('\n')
      .filter(Boolean);
    expect(delivered.sort()).toStrictEqual(lines.map((l) => l.trim()).sort());
  });
});

describe('FirehoseSink against moto', () => {
  it('delivers packed events that split back into the same events', async () => {
    // Arrange
    const events = [event(1), event(2), event(3)];
    // Act
    await sink.putEvents(events);
    // Assert
    const text = await lake.deliveredText('events/');
    const parsed = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as EmailEvent);
    expect(parsed).toStrictEqual(events);
  });

  it('writes an oversized raw record straight to S3 under raw/ as gzip', async () => {
    // Arrange
    const large = raw('x'.repeat(FIREHOSE_LIMITS.maxRecordBytes));
    // Act
    await sink.putRaw([large]);
    // Assert
    const keys = await lake.keysUnder('raw/provider=mailgun/dt=2026-03-14/');
    expect(keys).toHaveLength(1);
    const text = await lake.textOf(keys[0]!, { gunzip: true });
    expect(text).toBe(`${JSON.stringify(large)}\n`);
  });

  it('delivers small raw records through the raw stream', async () => {
    // Arrange
    const small = raw('{"event-data":{}}');
    // Act
    await sink.putRaw([small]);
    // Assert
    expect(await lake.deliveredText('raw-stream/')).toBe(JSON.stringify(small));
  });
});
