import type { Provider } from '../schema';
import {
  API_GATEWAY_STEP,
  type CostAssumptions,
  DEAGGREGATION_CAP,
  FIREHOSE_BILLING_STEP,
  FIREHOSE_MAX_RECORD,
  type ResolvedCostInput,
  SECONDS_PER_MONTH,
} from './types';

/**
 * How events reach a Lambda: a webhook request through API Gateway, an SNS
 * message per SES event, or a batch of the SES Firehose stream's transform.
 */
export type IngestPath = 'webhook' | 'sns' | 'firehose';

/** One provider's monthly share on one path. */
export interface ProviderTraffic {
  readonly provider: Provider;
  readonly events: number;
  /** Events per Lambda invocation (per request, SNS message or transform batch). */
  readonly eventsPerInvocation: number;
  readonly invocations: number;
  readonly path: IngestPath;
  /** Through API Gateway (webhooks) rather than SES publishing. */
  readonly viaApi: boolean;
}

/** Monthly volumes every cost line is computed from. */
export interface Traffic {
  readonly providers: readonly ProviderTraffic[];
  readonly webhookInvocations: number;
  /** SNS-path invocations (one per SES event). */
  readonly sesInvocations: number;
  /** SES Firehose transform invocations (one per buffered batch). */
  readonly transformInvocations: number;
  /** SES Firehose stream: events SES put, bytes billed (5 KB steps), gzip bytes stored, objects. */
  readonly sesStreamEvents: number;
  readonly sesStreamBilledBytes: number;
  readonly sesStreamObjects: number;
  /** Metered API Gateway requests (512 KB steps). */
  readonly apiRequests: number;
  /** Events stream: Firehose records, billed and actual bytes. */
  readonly eventRecords: number;
  readonly eventBilledBytes: number;
  readonly eventBytes: number;
  /** The same events sent one per record. */
  readonly eventBilledBytesOnePerRecord: number;
  /** Raw stream: one RawRecord per webhook or SNS invocation. */
  readonly rawRecords: number;
  readonly rawBilledBytes: number;
  readonly rawBytes: number;
  /** S3 objects Firehose delivers per month, per stream. */
  readonly eventObjects: number;
  readonly rawObjects: number;
  /**
   * The raw copies by S3 partition: each webhook or SNS provider's
   * RawRecords (raw stream) and SES's records (SES stream). Their object
   * size decides whether S3 lifecycle moves them.
   */
  readonly rawCopies: readonly RawCopy[];
}

/** One raw copy's month: gzip bytes stored and objects written. */
export interface RawCopy {
  /** The raw stream (RawRecords) or the SES stream's own S3 output. */
  readonly stream: 'raw' | 'ses';
  readonly gzipBytes: number;
  readonly objects: number;
}

// Mailgun posts one event per request, SES one per SNS message; blastengine
// and CMC batch (docs/providers.md §2, §1, §3, §4.1).
const BATCHING: Readonly<Record<Provider, boolean>> = {
  ses: false,
  mailgun: false,
  blastengine: true,
  cmc: true,
};

/** A RawRecord's JSON around its body; the body's quotes get escaped. */
const RAW_ENVELOPE_BYTES = 250;
const RAW_ESCAPE_FACTOR = 1.12;
const BUFFER_BYTES = 64 * 1024 * 1024;

/** Bytes Firehose bills for one record of `bytes`. */
export function billedRecordBytes(bytes: number): number {
  return Math.ceil(bytes / FIREHOSE_BILLING_STEP) * FIREHOSE_BILLING_STEP;
}

/**
 * Records and billed bytes for one invocation's `k` canonical events of
 * `b` bytes, packed as FirehoseSink packs them but capped at the
 * de-aggregation limit (and the 1,000 KiB record limit).
 */
export function packEvents(k: number, b: number) {
  const cap = Math.min(DEAGGREGATION_CAP, Math.floor(FIREHOSE_MAX_RECORD / b));
  const full = Math.floor(k / cap);
  const rest = k - full * cap;
  return {
    records: full + (rest > 0 ? 1 : 0),
    billed:
      full * billedRecordBytes(cap * b) +
      (rest > 0 ? billedRecordBytes(rest * b) : 0),
  };
}

/** Transform invocations for `events` SES records: one per full buffer, at most one per interval. */
function transformBatches(events: number, a: CostAssumptions): number {
  if (events === 0) return 0;
  const byBytes = (events * a.sesRecordBytes) / a.transformBufferBytes;
  const byTime = Math.min(events, SECONDS_PER_MONTH / a.transformBufferSeconds);
  return Math.max(byBytes, byTime);
}

/** Each provider's traffic on each configured path. */
function providerPaths(input: ResolvedCostInput): ProviderTraffic[] {
  const a = input.assumptions;
  return input.providers.flatMap((provider): ProviderTraffic[] => {
    const events = input.eventsByProvider[provider];
    const on = (path: IngestPath, invocations: number): ProviderTraffic => ({
      provider,
      events,
      eventsPerInvocation: invocations > 0 ? events / invocations : 0,
      invocations,
      path,
      viaApi: path === 'webhook',
    });
    if (provider !== 'ses') {
      const k = BATCHING[provider] ? input.eventsPerRequest : 1;
      return [on('webhook', events / k)];
    }
    return input.sesDestinations.map((d) =>
      d === 'sns'
        ? on('sns', events)
        : on('firehose', transformBatches(events, a)),
    );
  });
}

/** Derives the month's requests, records, bytes and objects from the input. */
export function deriveTraffic(input: ResolvedCostInput): Traffic {
  const a = input.assumptions;
  const providers = providerPaths(input);
  const flushes = SECONDS_PER_MONTH / a.bufferIntervalSeconds;
  const rawFlushesCap = SECONDS_PER_MONTH / a.rawBufferIntervalSeconds;
  let t = {
    webhookInvocations: 0,
    sesInvocations: 0,
    transformInvocations: 0,
    apiRequests: 0,
    eventRecords: 0,
    eventBilledBytes: 0,
    rawRecords: 0,
    rawBilledBytes: 0,
    rawBytes: 0,
    flushesWithData: 0,
  };
  const counted = new Set<Provider>();
  const rawCopies: RawCopy[] = [];
  let eventBytes = 0;
  let sesStream = { events: 0, billed: 0, objects: 0 };
  for (const p of providers) {
    const k = Math.max(1, Math.round(p.eventsPerInvocation));
    const packed = packEvents(k, a.canonicalBytesPerEvent);
    // Both SES destinations write the same events: the lake dedups by id,
    // but each path pays its own records.
    if (!counted.has(p.provider))
      eventBytes += p.events * a.canonicalBytesPerEvent;
    counted.add(p.provider);
    t = {
      ...t,
      eventRecords: t.eventRecords + p.invocations * packed.records,
      eventBilledBytes: t.eventBilledBytes + p.invocations * packed.billed,
      flushesWithData: t.flushesWithData + Math.min(flushes, p.invocations),
    };
    if (p.path === 'firehose') {
      sesStream = {
        events: p.events,
        billed: p.events * billedRecordBytes(a.sesRecordBytes),
        objects:
          Math.min(rawFlushesCap, p.events) +
          (p.events * a.sesRawGzipBytesPerEvent) / BUFFER_BYTES,
      };
      rawCopies.push({
        stream: 'ses',
        gzipBytes: p.events * a.sesRawGzipBytesPerEvent,
        objects: sesStream.objects,
      });
      t = { ...t, transformInvocations: p.invocations };
      continue;
    }
    const requestBytes = k * a.payloadBytesPerEvent;
    const rawRecord = requestBytes * RAW_ESCAPE_FACTOR + RAW_ENVELOPE_BYTES;
    if (p.invocations > 0) {
      rawCopies.push({
        stream: 'raw',
        gzipBytes: p.events * a.rawGzipBytesPerEvent,
        objects:
          Math.min(rawFlushesCap, p.invocations) +
          (p.invocations * rawRecord) / BUFFER_BYTES,
      });
    }
    t = {
      ...t,
      webhookInvocations: t.webhookInvocations + (p.viaApi ? p.invocations : 0),
      sesInvocations: t.sesInvocations + (p.viaApi ? 0 : p.invocations),
      apiRequests:
        t.apiRequests +
        (p.viaApi
          ? p.invocations * Math.ceil(requestBytes / API_GATEWAY_STEP)
          : 0),
      rawRecords: t.rawRecords + p.invocations,
      rawBilledBytes:
        t.rawBilledBytes + p.invocations * billedRecordBytes(rawRecord),
      rawBytes: t.rawBytes + p.invocations * rawRecord,
    };
  }
  const { flushesWithData, ...rest } = t;
  return {
    providers,
    ...rest,
    sesStreamEvents: sesStream.events,
    sesStreamBilledBytes: sesStream.billed,
    sesStreamObjects: sesStream.objects,
    eventBytes,
    eventBilledBytesOnePerRecord:
      (eventBytes / a.canonicalBytesPerEvent) *
      billedRecordBytes(a.canonicalBytesPerEvent),
    eventObjects:
      flushesWithData * a.dtPartitionsPerFlush + eventBytes / BUFFER_BYTES,
    rawObjects: rawCopies
      .filter((c) => c.stream === 'raw')
      .reduce((n, c) => n + c.objects, 0),
    rawCopies,
  };
}
