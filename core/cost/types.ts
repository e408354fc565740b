import { EVENTS_BUFFERING_SECONDS, RAW_BUFFERING_SECONDS } from '../buffering';
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
  /** Parquet (GZIP, as the events stream writes it) bytes per event (bench, plus small-file overhead). */
  readonly parquetBytesPerEvent: number;
  /** gzip RawRecord bytes per event (bench: "raw/ RawRecord"). */
  readonly rawGzipBytesPerEvent: number;
  /** Lambda memory, MB: webhook (webhook-ingest.ts), SES, rates. */
  readonly webhookMemoryMb: number;
  readonly sesMemoryMb: number;
  readonly ratesMemoryMb: number;
  /**
   * Billed ms per invocation besides per-event work: the round trips to
   * DynamoDB and Firehose (3). PutMetricData, when used, adds one more.
   */
  readonly baseDurationMs: number;
  readonly putMetricDataMs: number;
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
  /** One Embedded Metric Format log line per invocation (a few counts), bytes. */
  readonly emfBytesPerInvocation: number;
  /** One SES event as SES writes it to Firehose (JSON with headers), bytes. */
  readonly sesRecordBytes: number;
  /** SES records as the SES stream stores them (gzip), bytes per event. */
  readonly sesRawGzipBytesPerEvent: number;
  /** SES stream transform buffering (ses-firehose-destination.ts): seconds, bytes. */
  readonly transformBufferSeconds: number;
  readonly transformBufferBytes: number;
  /** Share of webhook requests rejected, and of events failing normalization. */
  readonly rejectShare: number;
  /** Firehose buffering interval (config lake.bufferingIntervalSeconds). */
  readonly bufferIntervalSeconds: number;
  /**
   * Buffering of the raw copies: the raw stream and the SES stream's S3
   * output (config lake.rawBufferingIntervalSeconds).
   */
  readonly rawBufferIntervalSeconds: number;
  /** dt partitions per provider per flush (late events add a few). */
  readonly dtPartitionsPerFlush: number;
  /** Rates are published for a series with ≥ this many sends in the window. */
  readonly rateMinimumVolume: number;
  readonly rateWindowHours: number;
  /** Pipeline-health alarms (5xx, errors, Firehose, DLQ). */
  readonly healthAlarms: number;
  /** Alarm notifications published to the alarm topic a month. */
  readonly alarmNotifications: number;
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
  /** Days each daily reconciliation run covers (config reconciliation.days). */
  readonly reconciliationDays: number;
  /** Billed ms per reconciliation run (mostly waiting for Athena). */
  readonly reconcileDurationMs: number;
  readonly reconcileMemoryMb: number;
  /**
   * Parquet the ledger reads per day of events, as a share of that day's
   * events bytes: the columns it needs (about a third), read twice (the
   * events of both sides and the archive reach).
   */
  readonly reconcileScanFraction: number;
  /** Share of events that suppress (hard bounces, complaints, unsubscribes). */
  readonly suppressionEventShare: number;
  /** Share of those that add a new address (the rest repeat one). */
  readonly suppressionNewShare: number;
  /** Write request units per suppression write (an item of 1–2 KB). */
  readonly suppressionWruPerWrite: number;
  /** Suppressed addresses in the table, and bytes per item. */
  readonly suppressedAddresses: number;
  readonly suppressionItemBytes: number;
  /** GET /suppressions/{address} calls a month. */
  readonly suppressionChecksPerMonth: number;
}

/** Defaults of {@link CostAssumptions}; docs/performance.md explains each. */
export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  payloadBytesPerEvent: 900,
  canonicalBytesPerEvent: 700,
  parquetBytesPerEvent: 60,
  rawGzipBytesPerEvent: 160,
  webhookMemoryMb: 1024,
  sesMemoryMb: 512,
  ratesMemoryMb: 256,
  baseDurationMs: 45,
  putMetricDataMs: 15,
  perEventDurationMs: 0.2,
  ratesDurationMs: 2000,
  ratesIntervalMinutes: 15,
  coldStartRate: 0.01,
  initDurationMs: 700,
  logBytesPerInvocation: 450,
  emfBytesPerInvocation: 300,
  sesRecordBytes: 1800,
  sesRawGzipBytesPerEvent: 350,
  transformBufferSeconds: 60,
  transformBufferBytes: 1024 ** 2,
  rejectShare: 0.001,
  bufferIntervalSeconds: EVENTS_BUFFERING_SECONDS,
  rawBufferIntervalSeconds: RAW_BUFFERING_SECONDS,
  dtPartitionsPerFlush: 1.2,
  rateMinimumVolume: 100,
  rateWindowHours: 24,
  healthAlarms: 13,
  alarmNotifications: 100,
  athenaQueriesPerMonth: 300,
  athenaScanFraction: 0.3,
  retentionMonths: 12,
  rawIaAfterDays: 30,
  rawGlacierAfterDays: 90,
  rawExpireAfterDays: 400,
  jqGbPerHour: 10,
  suppressionEventShare: 0.01,
  suppressionNewShare: 0.8,
  suppressionWruPerWrite: 2,
  suppressedAddresses: 50_000,
  suppressionItemBytes: 1500,
  suppressionChecksPerMonth: 0,
  warmContainers: 2,
  secretsTtlMinutes: 5,
  xrayReservoirPerSecond: 1,
  xraySampleRate: 0.05,
  reconciliationDays: 7,
  reconcileDurationMs: 20_000,
  reconcileMemoryMb: 256,
  reconcileScanFraction: 0.7,
};

/** Where SES publishes events (config providers.ses.destinations). */
export type SesDestination = 'sns' | 'firehose';

/** How Lambdas publish counts: EMF log lines, or the former PutMetricData call. */
export type MetricsTransport = 'emf' | 'putMetricData';

/** What a user knows about their traffic and configuration. */
export interface CostInput {
  readonly eventsPerMonth: number;
  /** Events are split evenly between them. @default all four */
  readonly providers?: readonly Provider[];
  /**
   * Events per provider, overriding the even split of `eventsPerMonth`
   * (which then becomes their sum). Every key must be in `providers`.
   */
  readonly eventsByProvider?: Partial<Record<Provider, number>>;
  /** @default 'us-east-1' */
  readonly region?: CostRegion;
  /**
   * Listed sending domains (config metrics.sendingDomains): each gets its own
   * SendingDomain value and rate alarms, every other domain is `(other)`.
   * @default 0
   */
  readonly sendingDomains?: number;
  /** config tracing. @default 'off' */
  readonly tracing?: 'off' | 'active';
  /** config providers.ses.destinations. @default ['firehose'] */
  readonly sesDestinations?: readonly SesDestination[];
  /** @default 'emf' */
  readonly metricsTransport?: MetricsTransport;
  /**
   * Counts in the {Provider, SendingDomain} set: only the rate inputs
   * (Accepted, HardBounced, Delivered, Complained), or every event count as
   * before the bounded design. @default 'rateInputs'
   */
  readonly domainMetrics?: 'rateInputs' | 'allCounts';
  /**
   * Apply the always-free allowances (per account, shared with everything
   * else in it): CloudWatch 10 metrics, 10 alarm metrics, 1M API requests,
   * 5 GB logs; Lambda 1M requests and 400,000 GB-s; SNS 1M publishes;
   * X-Ray 100,000 traces; EventBridge Scheduler 14M invocations.
   * @default true
   */
  readonly freeTier?: boolean;
  /** Metric dimensions (config metrics.dimensions). @default both */
  readonly metricDimensions?: readonly MetricDimension[];
  /** Events per blastengine/CMC request (Mailgun, SES: always 1). @default 20 */
  readonly eventsPerRequest?: number;
  /**
   * Providers with an archiver on: the daily reconciliation (Lambda,
   * schedule, Athena query, two metrics and an alarm each) is deployed when
   * there is at least one. @default 0
   */
  readonly reconciledProviders?: number;
  readonly assumptions?: Partial<CostAssumptions>;
}

/** {@link CostInput} with every default filled in. */
export type ResolvedCostInput = Required<
  Omit<CostInput, 'assumptions' | 'eventsByProvider'>
> & {
  readonly eventsByProvider: Readonly<Record<Provider, number>>;
  readonly assumptions: CostAssumptions;
};

/** One billed meter. */
export interface CostLine {
  readonly service: string;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
  /**
   * True for what keeping the data costs: S3 storage of the month of
   * operation priced (data accumulates), lifecycle transitions, and Athena
   * queries over it. Absent for ingestion and processing meters.
   */
  readonly keep?: true;
}

/** A design choice priced the other way, beside what mailtrail pays. */
export interface CostComparison {
  readonly label: string;
  readonly mailtrailUsd: number;
  readonly alternativeUsd: number;
}

/**
 * What the bill does around this volume, at list prices (free tiers used
 * up): the cost of one more million events of each kind, and the floor.
 */
export interface CostMargins {
  /** One more million webhook events, split evenly over the webhook providers. */
  readonly perMillionWebhookEventsUsd: number | null;
  /**
   * The part of it that is custom metrics published in more hours: it falls
   * toward 0 as volume grows, once every series publishes every hour.
   */
  readonly perMillionWebhookMetricHoursUsd: number | null;
  /**
   * The part of it that is keeping the data: S3 storage in month
   * `retentionMonths` (a year of such months accumulated) and Athena scans.
   */
  readonly perMillionWebhookKeepUsd: number | null;
  /** One more million SES events, and its metric-hours and keeping parts. */
  readonly perMillionSesEventsUsd: number | null;
  readonly perMillionSesMetricHoursUsd: number | null;
  readonly perMillionSesKeepUsd: number | null;
  /** The bill at 0 events (free tiers as in the input). */
  readonly floorUsd: number;
  /** Custom metric-months if every configured series published every hour. */
  readonly fullActivityMetrics: number;
  /**
   * One more listed sending domain (beyond at least one) at this volume, and
   * at most (every series of it active all month). The first listed domain
   * also publishes the `(other)` series.
   */
  readonly perListedDomainUsd: number;
  readonly perListedDomainMaxUsd: number;
}

/** The monthly estimate. */
export interface CostEstimate {
  readonly input: ResolvedCostInput;
  readonly pricesAsOf: string;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  readonly perMillionEventsUsd: number;
  readonly margins: CostMargins;
  readonly comparisons: readonly CostComparison[];
  /** Human-readable: every assumption and every price marked assumed. */
  readonly assumptions: readonly string[];
}
