import type { Provider } from '../schema';
import {
  API_GATEWAY_STEP,
  DEAGGREGATION_CAP,
  FIREHOSE_BILLING_STEP,
  FIREHOSE_MAX_RECORD,
  type ResolvedCostInput,
  SECONDS_PER_MONTH,
} from './types';

/** One provider's monthly share. */
export interface ProviderTraffic {
  readonly provider: Provider;
  readonly events: number;
  /** Events per Lambda invocation (= per webhook request or SNS message). */
  readonly eventsPerInvocation: number;
  readonly invocations: number;
  /** Through API Gateway (webhooks) rather than SNS (SES). */
  readonly viaApi: boolean;
}

/** Monthly volumes every cost line is computed from. */
export interface Traffic {
  readonly providers: readonly ProviderTraffic[];
  readonly webhookInvocations: number;
  readonly sesInvocations: number;
  /** Metered API Gateway requests (512 KB steps). */
  readonly apiRequests: number;
  /** Events stream: Firehose records, billed and actual bytes. */
  readonly eventRecords: number;
  readonly eventBilledBytes: number;
  readonly eventBytes: number;
  /** The same events sent one per record. */
  readonly eventBilledBytesOnePerRecord: number;
  /** Raw stream: one RawRecord per invocation. */
  readonly rawRecords: number;
  readonly rawBilledBytes: number;
  readonly rawBytes: number;
  /** S3 objects Firehose delivers per month, per stream. */
  readonly eventObjects: number;
  readonly rawObjects: number;
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

/** Derives the month's requests, records, bytes and objects from the input. */
export function deriveTraffic(input: ResolvedCostInput): Traffic {
  const a = input.assumptions;
  const share = input.eventsPerMonth / input.providers.length;
  const providers = input.providers.map((provider): ProviderTraffic => {
    const k = BATCHING[provider] ? input.eventsPerRequest : 1;
    return {
      provider,
      events: share,
      eventsPerInvocation: k,
      invocations: share / k,
      viaApi: provider !== 'ses',
    };
  });
  const flushes = SECONDS_PER_MONTH / a.bufferIntervalSeconds;
  let t = {
    webhookInvocations: 0,
    sesInvocations: 0,
    apiRequests: 0,
    eventRecords: 0,
    eventBilledBytes: 0,
    rawRecords: 0,
    rawBilledBytes: 0,
    rawBytes: 0,
    flushesWithData: 0,
  };
  for (const p of providers) {
    const k = Math.max(1, Math.round(p.eventsPerInvocation));
    const packed = packEvents(k, a.canonicalBytesPerEvent);
    const requestBytes = k * a.payloadBytesPerEvent;
    const rawRecord = requestBytes * RAW_ESCAPE_FACTOR + RAW_ENVELOPE_BYTES;
    t = {
      webhookInvocations: t.webhookInvocations + (p.viaApi ? p.invocations : 0),
      sesInvocations: t.sesInvocations + (p.viaApi ? 0 : p.invocations),
      apiRequests:
        t.apiRequests +
        (p.viaApi
          ? p.invocations * Math.ceil(requestBytes / API_GATEWAY_STEP)
          : 0),
      eventRecords: t.eventRecords + p.invocations * packed.records,
      eventBilledBytes: t.eventBilledBytes + p.invocations * packed.billed,
      rawRecords: t.rawRecords + p.invocations,
      rawBilledBytes:
        t.rawBilledBytes + p.invocations * billedRecordBytes(rawRecord),
      rawBytes: t.rawBytes + p.invocations * rawRecord,
      // A partition's buffer only flushes when something arrived.
      flushesWithData: t.flushesWithData + Math.min(flushes, p.invocations),
    };
  }
  const eventBytes = input.eventsPerMonth * a.canonicalBytesPerEvent;
  const { flushesWithData, ...rest } = t;
  return {
    providers,
    ...rest,
    eventBytes,
    eventBilledBytesOnePerRecord:
      input.eventsPerMonth * billedRecordBytes(a.canonicalBytesPerEvent),
    eventObjects:
      flushesWithData * a.dtPartitionsPerFlush + eventBytes / BUFFER_BYTES,
    rawObjects: flushesWithData + t.rawBytes / BUFFER_BYTES,
  };
}
