import {
  type FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchResponseEntry,
} from '@aws-sdk/client-firehose';
import { backoffDelayMs } from '../../core/backoff';
import { chunkByLimits } from '../../core/chunk';
import { PipelineError } from '../../core/errors';
import { MAX_EVENT_RECORD_BYTES } from '../../core/event-admission';

/** Firehose PutRecordBatch limits (Amazon Data Firehose quotas). */
export const FIREHOSE_LIMITS = {
  /** Records per PutRecordBatch call. */
  maxRecordsPerCall: 500,
  /** Bytes per call, all records together (4 MiB). */
  maxBytesPerCall: 4 * 1024 * 1024,
  /** Bytes per record before base64 (1,000 KiB). */
  maxRecordBytes: MAX_EVENT_RECORD_BYTES,
} as const;

/** Errors of the whole call that retrying cannot fix. */
const PERMANENT_ERRORS = new Set([
  'ResourceNotFoundException',
  'InvalidArgumentException',
  'AccessDeniedException',
  'InvalidKMSResourceException',
  'ValidationException',
]);

/**
 * Records could not be written to Firehose: attempts ran out, the stream
 * rejected the call for good ('undelivered'), or one record is over the
 * per-record limit ('too-large'). Never swallowed: the caller answers 5xx.
 */
export class FirehoseDeliveryError extends PipelineError {
  /** Error codes seen on the last attempt (e.g. ServiceUnavailableException). */
  readonly errorCodes: readonly string[];
  /** How many records were not delivered. */
  readonly failedCount: number;

  constructor(
    message: string,
    details: {
      reason: 'undelivered' | 'too-large';
      errorCodes: readonly string[];
      failedCount: number;
    },
    options?: { cause?: unknown },
  ) {
    super(message, details.reason, options);
    this.name = 'FirehoseDeliveryError';
    this.errorCodes = details.errorCodes;
    this.failedCount = details.failedCount;
  }
}

/** Retry tuning of {@link putRecordBatchReliably}; injectable for tests. */
export interface PutRecordsOptions {
  /** @default 5 */
  readonly maxAttempts?: number;
  /** First backoff; doubles per attempt, with jitter. @default 100 */
  readonly baseDelayMs?: number;
  /** @default setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Splits records into PutRecordBatch calls within the count and byte limits. */
export function chunkRecords(records: readonly Uint8Array[]): Uint8Array[][] {
  for (const [i, record] of records.entries()) {
    if (record.byteLength > FIREHOSE_LIMITS.maxRecordBytes) {
      throw new FirehoseDeliveryError(
        `record ${i} is ${record.byteLength} bytes, over the Firehose limit of ${FIREHOSE_LIMITS.maxRecordBytes} bytes per record`,
        { reason: 'too-large', errorCodes: [], failedCount: 1 },
      );
    }
  }
  return chunkByLimits(records, (r) => r.byteLength, {
    maxCount: FIREHOSE_LIMITS.maxRecordsPerCall,
    maxBytes: FIREHOSE_LIMITS.maxBytesPerCall,
  });
}

interface AttemptResult {
  readonly failed: Uint8Array[];
  readonly codes: string[];
  readonly cause?: unknown;
}

/** One PutRecordBatch call; returns the records to retry and why. */
async function attemptPut(
  client: FirehoseClient,
  streamName: string,
  records: readonly Uint8Array[],
): Promise<AttemptResult> {
  let entries: PutRecordBatchResponseEntry[];
  try {
    const res = await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: streamName,
        Records: records.map((Data) => ({ Data })),
      }),
    );
    entries = res.RequestResponses ?? [];
    // FailedPutCount alone is not trusted: an entry with an ErrorCode failed
    // even when the count says 0 or is missing.
    const anyFailed = entries.some((e) => e.ErrorCode);
    if (!res.FailedPutCount && !anyFailed) return { failed: [], codes: [] };
    if (entries.length !== records.length) {
      // Cannot tell which records failed: retry them all rather than guess.
      return { failed: [...records], codes: ['IncompleteResponse'] };
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : 'UnknownError';
    if (PERMANENT_ERRORS.has(name)) {
      throw new FirehoseDeliveryError(
        `PutRecordBatch to ${streamName} failed: ${name}`,
        {
          reason: 'undelivered',
          errorCodes: [name],
          failedCount: records.length,
        },
        { cause: err },
      );
    }
    return { failed: [...records], codes: [name], cause: err };
  }
  const failed = records.filter((_, i) => entries[i]?.ErrorCode);
  const codes = entries.flatMap((e) => (e.ErrorCode ? [e.ErrorCode] : []));
  return { failed, codes };
}

/** Sends one chunk, retrying only the failed records until none are left. */
async function putChunk(
  client: FirehoseClient,
  streamName: string,
  chunk: readonly Uint8Array[],
  opts: Required<PutRecordsOptions>,
): Promise<void> {
  let pending: readonly Uint8Array[] = chunk;
  for (let attempt = 1; ; attempt++) {
    const result = await attemptPut(client, streamName, pending);
    if (result.failed.length === 0) return;
    if (attempt >= opts.maxAttempts) {
      const codes = [...new Set(result.codes)].sort();
      throw new FirehoseDeliveryError(
        `${result.failed.length} of ${chunk.length} records not delivered to ${streamName} after ${attempt} attempts (${codes.join(', ')})`,
        {
          reason: 'undelivered',
          errorCodes: codes,
          failedCount: result.failed.length,
        },
        { cause: result.cause },
      );
    }
    pending = result.failed;
    await opts.sleep(
      backoffDelayMs(
        attempt,
        { baseMs: opts.baseDelayMs, maxMs: Number.POSITIVE_INFINITY },
        opts.random(),
      ),
    );
  }
}

/**
 * Writes records to a Firehose stream in as few PutRecordBatch calls as the
 * limits allow; on partial failure retries only the failed records (and a
 * throttled or failed call as a whole) with backoff. Throws
 * {@link FirehoseDeliveryError} rather than drop anything.
 * @example await putRecordBatchReliably(firehose, 'events', [bytes])
 */
export async function putRecordBatchReliably(
  client: FirehoseClient,
  streamName: string,
  records: readonly Uint8Array[],
  opts: PutRecordsOptions = {},
): Promise<void> {
  const resolved: Required<PutRecordsOptions> = {
    maxAttempts: opts.maxAttempts ?? 5,
    baseDelayMs: opts.baseDelayMs ?? 100,
    sleep: opts.sleep ?? defaultSleep,
    random: opts.random ?? Math.random,
  };
  for (const chunk of chunkRecords(records)) {
    await putChunk(client, streamName, chunk, resolved);
  }
}
