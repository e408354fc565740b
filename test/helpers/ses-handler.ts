import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, vi } from 'vitest';
import { ENV } from '../../contract/env';
import type { EventSink } from '../../core/raw-record';
import { MemorySink } from './memory-sink';

/** The instant the SES handler tests run at (Date is faked to it). */
export const NOW = '2026-03-14T09:00:00.000Z';

/** The file's vi.hoisted holder that its vi.mock of lake-sink reads. */
export interface SinkState {
  sink: EventSink | undefined;
}

/** What an SES handler test reaches: the mocked clients and its sink. */
export interface SesHandlerHarness {
  /** Must receive nothing: counts go out as EMF log lines. */
  readonly cloudWatch: AwsClientStub<CloudWatchClient>;
  readonly firehose: AwsClientStub<FirehoseClient>;
  /** This test's MemorySink (fresh before each test). */
  readonly memory: MemorySink;
}

/**
 * Mocks CloudWatch and Firehose and, before each test, fakes Date at NOW,
 * sets the metric dimensions (and lists mail.example.com), clears PUBLISH_EVENT_COUNTS, resets the mocks
 * and puts a fresh MemorySink into `state`. Call it at the file's top level.
 */
export function useSesHandler(
  state: SinkState,
  dimensions: string,
): SesHandlerHarness {
  const cloudWatch = mockClient(CloudWatchClient);
  const firehose = mockClient(FirehoseClient);
  let memory = new MemorySink();
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(NOW));
    process.env[ENV.METRIC_DIMENSIONS] = dimensions;
    process.env[ENV.METRIC_SENDING_DOMAINS] = 'mail.example.com';
    delete process.env[ENV.PUBLISH_EVENT_COUNTS];
    cloudWatch.reset();
    firehose.reset();
    memory = new MemorySink();
    state.sink = memory;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return {
    cloudWatch,
    firehose,
    get memory() {
      return memory;
    },
  };
}
