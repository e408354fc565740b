import type { FirehoseTransformResponse } from '../../core/envelopes/firehose';
import { countEvents } from '../../core/metrics/aggregate';
import { countPipeline } from '../../core/metrics/pipeline';
import type { MetricDimension, MetricPoint } from '../../core/metrics/types';
import type { EventSink } from '../../core/raw-record';
import type { EmailEvent } from '../../core/schema';
import { transformSesFirehoseEvent } from '../../core/ses/firehose-batch';
import { splitSesSnsEvent } from '../../core/ses/sns-batch';
import { toIsoMillis } from '../../core/time';
import { bestEffort } from '../best-effort';
import type { Log } from '../log';

/** Everything the SES use cases write to, count with and read time from. */
export interface SesDeps {
  readonly sink: EventSink;
  /** Publishes metric points; a failure is logged, never thrown. */
  readonly publish: (points: readonly MetricPoint[]) => Promise<void>;
  /** Dimensions event counts are published under. */
  readonly metricDimensions: readonly MetricDimension[];
  /** Domains with their own SendingDomain value (others: `(other)`). */
  readonly sendingDomains: readonly string[];
  /**
   * False on the Firehose path when the SNS path already counts the same
   * events; NormalizeErrors are counted either way.
   */
  readonly countEvents: boolean;
  readonly now: () => Date;
  readonly logger: Log;
}

/**
 * Publishes an SES invocation's counts in one batch: events per type (when
 * `countEvents`) and NormalizeErrors for payloads that could not be parsed.
 * Best effort: the events are durable already, so a metrics failure is
 * logged, never thrown (no retry for it).
 */
async function publishCounts(
  deps: SesDeps,
  events: readonly EmailEvent[],
  normalizeErrors: number,
): Promise<void> {
  const points = deps.countEvents
    ? countEvents(events, deps.metricDimensions, deps.sendingDomains)
    : [];
  if (normalizeErrors > 0) {
    points.push(
      countPipeline('NormalizeErrors', { Provider: 'ses' }, normalizeErrors),
    );
  }
  await bestEffort(
    () => deps.publish(points),
    deps.logger,
    'metrics not published',
  );
}

/**
 * SES events from the configuration-set SNS topic → lake. Unparseable
 * messages are stored as `rejected` and counted (a retry cannot fix them);
 * a failed write throws, so Lambda retries and then the DLQ keeps the
 * message. Duplicates are harmless: event_id is deterministic.
 */
export async function ingestSesSns(
  event: unknown,
  deps: SesDeps,
): Promise<void> {
  const batch = splitSesSnsEvent(event, toIsoMillis(deps.now()));
  for (const failure of batch.failures) {
    deps.logger.warn('SES message rejected', { ...failure });
  }
  await Promise.all([
    deps.sink.putEvents(batch.events),
    deps.sink.putRaw(batch.raw),
  ]);
  await publishCounts(deps, batch.events, batch.failures.length);
}

/**
 * The SES Firehose stream's transformation (design: see
 * lib/constructs/ses-firehose-destination.ts): puts the canonical events into
 * the events stream and returns every record unchanged — Ok, or
 * ProcessingFailed when unparseable (→ errors/ses/). A failed events write
 * throws, so Firehose retries the whole invocation.
 */
export async function transformSesFirehose(
  event: unknown,
  deps: SesDeps,
): Promise<FirehoseTransformResponse> {
  const batch = transformSesFirehoseEvent(event, toIsoMillis(deps.now()));
  for (const failure of batch.failures) {
    deps.logger.warn('SES record failed processing', { ...failure });
  }
  await deps.sink.putEvents(batch.events);
  await publishCounts(deps, batch.events, batch.failures.length);
  return { records: batch.records };
}
