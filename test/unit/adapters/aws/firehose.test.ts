import {
  FirehoseClient,
  PutRecordBatchCommand,
  ResourceNotFoundException,
  ServiceUnavailableException,
} from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  chunkRecords,
  FIREHOSE_LIMITS,
  FirehoseDeliveryError,
  putRecordBatchReliably,
} from '../../../../adapters/aws/firehose';
import { PipelineError } from '../../../../core/errors';

const firehose = mockClient(FirehoseClient);
const client = new FirehoseClient({ region: 'us-east-1' });
const STREAM = 'mailtrail-events';

function rec(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function sized(bytes: number): Uint8Array {
  return new Uint8Array(bytes);
}

/** Records sent per PutRecordBatch call, as text. */
function sentBatches(): string[][] {
  return firehose
    .commandCalls(PutRecordBatchCommand)
    .map((c) =>
      (c.args[0].input.Records ?? []).map((r) =>
        new TextDecoder().decode(r.Data),
      ),
    );
}

const ok = (n: number) => ({
  FailedPutCount: 0,
  RequestResponses: Array.from({ length: n }, (_, i) => ({
    RecordId: `r${i}`,
  })),
});

let sleep: ReturnType<typeof vi.fn<(ms: number) => Promise<void>>>;

beforeEach(() => {
  firehose.reset();
  sleep = vi.fn(async (_ms: number) => {});
});

describe('putRecordBatchReliably', () => {
  it('sends a small batch in one call to the named stream', async () => {
    // Arrange
    firehose.on(PutRecordBatchCommand).resolves(ok(2));
    // Act
    await putRecordBatchReliably(client, STREAM, [rec('a'), rec('b')], {
      sleep,
    });
    // Assert
    expect(firehose).toReceiveCommandTimes(PutRecordBatchCommand, 1);
    expect(firehose).toReceiveCommandWith(PutRecordBatchCommand, {
      DeliveryStreamName: STREAM,
      Records: [{ Data: rec('a') }, { Data: rec('b') }],
    });
  });

  it('sends nothing for no records', async () => {
    // Act
    await putRecordBatchReliably(client, STREAM, [], { sleep });
    // Assert
    expect(firehose).toReceiveCommandTimes(PutRecordBatchCommand, 0);
  });

  it('splits 1,001 records into calls of 500, 500 and 1', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .callsFake((input) => ok(input.Records.length));
    const records = Array.from({ length: 1001 }, (_, i) => rec(`${i}`));
    // Act
    await putRecordBatchReliably(client, STREAM, records, { sleep });
    // Assert
    expect(sentBatches().map((b) => b.length)).toStrictEqual([500, 500, 1]);
    expect(sentBatches().flat()).toStrictEqual(records.map((_, i) => `${i}`));
  });

  it('splits by the 4 MiB per call limit', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .callsFake((input) => ok(input.Records.length));
    const records = Array.from({ length: 9 }, () =>
      sized(FIREHOSE_LIMITS.maxRecordBytes),
    );
    // Act
    await putRecordBatchReliably(client, STREAM, records, { sleep });
    // Assert
    expect(sentBatches().map((b) => b.length)).toStrictEqual([4, 4, 1]);
  });

  it('throws a too-large error for a record over 1,000 KiB and sends nothing', async () => {
    // Arrange
    const records = [rec('a'), sized(FIREHOSE_LIMITS.maxRecordBytes + 1)];
    // Act
    const act = putRecordBatchReliably(client, STREAM, records, { sleep });
    // Assert
    await expect(act).rejects.toMatchObject({
      name: 'FirehoseDeliveryError',
      reason: 'too-large',
      message:
        'record 1 is 1024001 bytes, over the Firehose limit of 1024000 bytes per record',
    });
    expect(firehose).toReceiveCommandTimes(PutRecordBatchCommand, 0);
  });

  it('retries only the records that failed', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 1,
        RequestResponses: [
          { RecordId: 'r0' },
          {
            ErrorCode: 'ServiceUnavailableException',
            ErrorMessage: 'slow down',
          },
          { RecordId: 'r2' },
        ],
      })
      .resolves(ok(1));
    // Act
    await putRecordBatchReliably(
      client,
      STREAM,
      [rec('a'), rec('b'), rec('c')],
      {
        sleep,
      },
    );
    // Assert
    expect(sentBatches()).toStrictEqual([['a', 'b', 'c'], ['b']]);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['0', { FailedPutCount: 0 }],
    ['missing', {}],
  ])(
    'counts an entry with an ErrorCode as failed when FailedPutCount is %s',
    async (_, count) => {
      // Arrange: a response whose count contradicts its entries.
      firehose.on(PutRecordBatchCommand).resolves({
        ...count,
        RequestResponses: [
          { RecordId: 'r0' },
          { ErrorCode: 'InternalFailure', ErrorMessage: 'lost' },
        ],
      });
      // Act
      const act = putRecordBatchReliably(client, STREAM, [rec('a'), rec('b')], {
        sleep,
        maxAttempts: 1,
      });
      // Assert: refused, never reported as delivered.
      await expect(act).rejects.toMatchObject({
        name: 'FirehoseDeliveryError',
        reason: 'undelivered',
        errorCodes: ['InternalFailure'],
        failedCount: 1,
      });
    },
  );

  it('retries only the entry with an ErrorCode when FailedPutCount is 0', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 0,
        RequestResponses: [
          { RecordId: 'r0' },
          { ErrorCode: 'InternalFailure' },
        ],
      })
      .resolves(ok(1));
    // Act
    await putRecordBatchReliably(client, STREAM, [rec('a'), rec('b')], {
      sleep,
    });
    // Assert
    expect(sentBatches()).toStrictEqual([['a', 'b'], ['b']]);
  });

  it('retries a call that throws a throttling error', async () => {
    // Arrange
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
    });
    firehose.on(PutRecordBatchCommand).rejectsOnce(throttled).resolves(ok(2));
    // Act
    await putRecordBatchReliably(client, STREAM, [rec('a'), rec('b')], {
      sleep,
    });
    // Assert
    expect(sentBatches()).toStrictEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('retries all records when the response does not say which failed', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({ FailedPutCount: 1, RequestResponses: [] })
      .resolves(ok(2));
    // Act
    await putRecordBatchReliably(client, STREAM, [rec('a'), rec('b')], {
      sleep,
    });
    // Assert
    expect(sentBatches()).toStrictEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('backs off exponentially with jitter between attempts', async () => {
    // Arrange
    firehose.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 1,
      RequestResponses: [{ ErrorCode: 'InternalFailure' }],
    });
    // Act
    const act = putRecordBatchReliably(client, STREAM, [rec('a')], {
      sleep,
      baseDelayMs: 100,
      random: () => 0.5,
    });
    // Assert
    await expect(act).rejects.toBeInstanceOf(FirehoseDeliveryError);
    expect(sleep.mock.calls.map(([ms]) => ms)).toStrictEqual([
      75, 150, 300, 600,
    ]);
  });

  it('throws listing the error codes when attempts run out', async () => {
    // Arrange
    firehose.on(PutRecordBatchCommand).resolves({
      FailedPutCount: 2,
      RequestResponses: [
        { ErrorCode: 'ServiceUnavailableException' },
        { RecordId: 'r1' },
        { ErrorCode: 'InternalFailure' },
      ],
    });
    // Act
    const act = putRecordBatchReliably(
      client,
      STREAM,
      [rec('a'), rec('b'), rec('c')],
      { sleep, maxAttempts: 1 },
    );
    // Assert
    const err = await act.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err).toMatchObject({
      name: 'FirehoseDeliveryError',
      reason: 'undelivered',
      errorCodes: ['InternalFailure', 'ServiceUnavailableException'],
      failedCount: 2,
      message:
        '2 of 3 records not delivered to mailtrail-events after 1 attempts (InternalFailure, ServiceUnavailableException)',
    });
  });

  it('makes maxAttempts calls (default 5) before giving up', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .rejects(
        new ServiceUnavailableException({ message: 'down', $metadata: {} }),
      );
    // Act
    const act = putRecordBatchReliably(client, STREAM, [rec('a')], { sleep });
    // Assert
    await expect(act).rejects.toMatchObject({
      errorCodes: ['ServiceUnavailableException'],
    });
    expect(firehose).toReceiveCommandTimes(PutRecordBatchCommand, 5);
  });

  it('does not retry an error that retrying cannot fix', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .rejects(
        new ResourceNotFoundException({ message: 'no stream', $metadata: {} }),
      );
    // Act
    const act = putRecordBatchReliably(client, STREAM, [rec('a')], { sleep });
    // Assert
    await expect(act).rejects.toMatchObject({
      name: 'FirehoseDeliveryError',
      reason: 'undelivered',
      errorCodes: ['ResourceNotFoundException'],
    });
    expect(firehose).toReceiveCommandTimes(PutRecordBatchCommand, 1);
  });

  it('sleeps for real when no sleep is injected', async () => {
    // Arrange
    firehose
      .on(PutRecordBatchCommand)
      .resolvesOnce({
        FailedPutCount: 1,
        RequestResponses: [{ ErrorCode: 'X' }],
      })
      .resolves(ok(1));
    // Act
    await putRecordBatchReliably(client, STREAM, [rec('a')], {
      baseDelayMs: 1,
    });
    // Assert
    expect(firehose).toReceiveCommandTimes(PutRecordBatchCommand, 2);
  });
});

describe('chunkRecords', () => {
  it('fills a call up to exactly 4 MiB, then starts the next', () => {
    // Arrange
    const max = FIREHOSE_LIMITS.maxRecordBytes;
    const rest = FIREHOSE_LIMITS.maxBytesPerCall - 4 * max;
    const records = [sized(max), sized(max), sized(max), sized(max)];
    // Act
    const chunks = chunkRecords([...records, sized(rest), sized(1)]);
    // Assert
    expect(chunks.map((c) => c.length)).toStrictEqual([5, 1]);
  });

  it('accepts a record of exactly 1,000 KiB', () => {
    // Act
    const chunks = chunkRecords([sized(FIREHOSE_LIMITS.maxRecordBytes)]);
    // Assert
    expect(chunks.map((c) => c.length)).toStrictEqual([1]);
  });
});
