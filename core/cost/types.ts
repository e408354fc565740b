import type { MetricDimension } from '../metrics/types';
import type { Provider } from '../schema';
import type { CostRegion } from './prices';

/** AWS bills 730 hours a month. */
export const SECONDS_PER_MONTH = 730 * 3600;
/** AWS "GB" in bills: 2^30 bytes. */
export const GIB = 1024 ** 3;
/** Firehose rounds every record up to a multiple of 5 KB. */
export const FIREHOSE_BILLING_STEP = 5 * 1024;
/** Largest Firehose record, bytes (1,000 KiB). */
export const FIREHOSE_MAX_RECORD = 1000 * 1024;
/** JSON de-aggregation splits at most this many events out of one record. */
export const DEAGGREGATION_CAP = 500;
/** API Gateway HTTP APIs meter each 512 KB of a request as one request. */
export const API_GATEWAY_STEP = 512 * 1024;
/** Days per month used to place lifecycle days on a month axis. */
export const DAYS_PER_MONTH = 30.4167;

/**
 * Everything the estimate assumes beyond the inputs; defaults come from
 * `npm run bench` (sizes), the CDK constructs (memory, buffering, lifecycle)
 * or are stated guesses (durations, query habits). Override any of them.
 */
export interface CostAssumptions {
  /** Provider payload bytes per event (bench: "provider payload"). */
  readonly payloadBytesPerEvent: number;
  /** Canonical event JSON bytes (bench: "canonical NDJSON"). */
  readonly canonicalBytesPerEvent: number;
  /** Parquet bytes per event (bench, plus small-file overhead). */
  readonly parquetBytesPerEvent: number;
  /** gzip RawRecord bytes per event (bench: "raw/ RawRecord"). */
  readonly rawGzipBytesPerEvent: number;
  /** Lambda memory, MB: webhook (webhook-ingest.ts), SES, rates. */
  readonly webhookMemoryMb: number;
  readonly sesMemoryMb: number;
  readonly ratesMemoryMb: number;
  /** Billed ms per invocation besides per-event work (network round trips). */
  readonly baseDurationMs: number;
  /** Billed ms per event (normalize, serialize, sign). */
  readonly perEventDurationMs: number;
  /** Billed ms per rates run; runs every interval (metrics.ratesSchedule). */
  readonly ratesDurationMs: number;
  readonly ratesIntervalMinutes: number;
  /** Share of invocations that are cold starts; INIT is billed. */
  readonly coldStartRate: number;
  readonly initDurationMs: number;
  /** Lambda platform log lines (START/END/REPORT) per invocation, bytes. */
  readonly logBytesPerInvocation: number;
  /** Firehose buffering interval (config lake.bufferingIntervalSeconds). */
  readonly bufferIntervalSeconds: number;
  /** dt partitions per provider per flush (late events add a few). */
  readonly dtPartitionsPerFlush: number;
  /** Providers each sending domain sends through (SendingDomain series). */
  readonly providersPerDomain: number;
  /** Event metric names seen per provider (Delivered, HardBounced …). */
  readonly eventMetricNamesPerProvider: number;
  /** Pipeline-health alarms (5xx, errors, Firehose, DLQ). */
  readonly healthAlarms: number;
  readonly athenaQueriesPerMonth: number;
  /** Share of a month of Parquet a typical query reads (columns × days). */
  readonly athenaScanFraction: number;
  /** Month of operation the storage line is for (data accumulates). */
  readonly retentionMonths: number;
  /** Raw lifecycle (config lake.raw*AfterDays); 0 expiry keeps forever. */
  readonly rawIaAfterDays: number;
  readonly rawGlacierAfterDays: number;
  readonly rawExpireAfterDays: number;
  /** GB of JSON one JQ processing hour handles (unknown: calibrate). */
  readonly jqGbPerHour: number;
  /** Warm Lambda containers re-reading secrets every TTL. */
  readonly warmContainers: number;
  readonly secretsTtlMinutes: number;
  /** X-Ray default sampling: first N requests a second, then a rate. */
  readonly xrayReservoirPerSecond: number;
  readonly xraySampleRate: number;
}

/** Defaults of {@link CostAssumptions}; docs/performance.md explains each. */
export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  payloadBytesPerEvent: 900,
  canonicalBytesPerEvent: 700,
  parquetBytesPerEvent: 100,
  rawGzipBytesPerEvent: 160,
  webhookMemoryMb: 1024,
  sesMemoryMb: 512,
  ratesMemoryMb: 256,
  baseDurationMs: 60,
  perEventDurationMs: 0.2,
  ratesDurationMs: 2000,
  ratesIntervalMinutes: 15,
  coldStartRate: 0.01,
  initDurationMs: 700,
  logBytesPerInvocation: 450,
  bufferIntervalSeconds: 300,
  dtPartitionsPerFlush: 1.2,
  providersPerDomain: 1,
  eventMetricNamesPerProvider: 10,
  healthAlarms: 15,
  athenaQueriesPerMonth: 300,
  athenaScanFraction: 0.3,
  retentionMonths: 12,
  rawIaAfterDays: 30,
  rawGlacierAfterDays: 90,
  rawExpireAfterDays: 400,
  jqGbPerHour: 10,
  warmContainers: 2,
  secretsTtlMinutes: 5,
  xrayReservoirPerSecond: 1,
  xraySampleRate: 0.05,
};

/** What a user knows about their traffic. */
export interface CostInput {
  readonly eventsPerMonth: number;
  /** Events are split evenly between them. @default all four */
  readonly providers?: readonly Provider[];
  /** @default 'us-east-1' */
  readonly region?: CostRegion;
  /** Sending domains (the SendingDomain dimension). @default 5 */
  readonly sendingDomains?: number;
  /** Metric dimensions (config metrics.dimensions). @default both */
  readonly metricDimensions?: readonly MetricDimension[];
  /** Events per blastengine/CMC request (Mailgun, SES: always 1). @default 20 */
  readonly eventsPerRequest?: number;
  readonly assumptions?: Partial<CostAssumptions>;
}

/** {@link CostInput} with every default filled in. */
export type ResolvedCostInput = Required<Omit<CostInput, 'assumptions'>> & {
  readonly assumptions: CostAssumptions;
};

/** One billed meter. */
export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
}

/** A design choice priced the other way, beside what mailtrail pays. */
export interface CostComparison {
  readonly label: string;
  readonly mailtrailUsd: number;
  readonly alternativeUsd: number;
}

/** The monthly estimate. */
export interface CostEstimate {
  readonly input: ResolvedCostInput;
  readonly pricesAsOf: string;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  readonly perMillionEventsUsd: number;
  readonly comparisons: readonly CostComparison[];
  /** Human-readable: every assumption and every price marked assumed. */
  readonly assumptions: readonly string[];
}
