/** Regions the price table covers. */
export const COST_REGIONS = ['us-east-1', 'ap-northeast-1'] as const;
export type CostRegion = (typeof COST_REGIONS)[number];

/** When the table was last checked against the AWS pricing pages. */
export const PRICES_AS_OF = '2025-06';

/** A volume tier: units up to `upTo` (cumulative) cost `usd` each. */
export interface PriceTier {
  readonly upTo: number;
  readonly usd: number;
}

/** One list price in USD, first pricing tier, no free tier applied. */
export interface Price {
  readonly usd: number;
  /** What one `usd` buys, e.g. 'GB ingested' or '1M requests'. */
  readonly per: string;
  /** True when not read off the region's pricing page (estimate, see `source`). */
  readonly assumed: boolean;
}

/** Every price the model uses, per region. */
export interface RegionPrices {
  readonly apiGatewayHttpPerMillion: Price;
  readonly lambdaRequestsPerMillion: Price;
  readonly lambdaArmGbSecond: Price;
  readonly firehoseIngestPerGb: Price;
  readonly firehoseConversionPerGb: Price;
  readonly firehosePartitioningPerGb: Price;
  readonly firehosePartitioningPer1000Objects: Price;
  readonly firehoseJqPerHour: Price;
  readonly s3PutPer1000: Price;
  readonly s3StandardGbMonth: Price;
  readonly s3StandardIaGbMonth: Price;
  readonly s3GlacierIrGbMonth: Price;
  readonly s3TransitionIaPer1000: Price;
  readonly s3TransitionGlacierIrPer1000: Price;
  readonly cloudWatchMetricMonth: Price;
  /** Custom metric-month tiers (the first is `cloudWatchMetricMonth`). */
  readonly cloudWatchMetricTiers: readonly PriceTier[];
  readonly schedulerPerMillion: Price;
  readonly cloudWatchApiPer1000: Price;
  readonly cloudWatchGetMetricDataPer1000Metrics: Price;
  readonly cloudWatchDashboardMonth: Price;
  readonly cloudWatchAlarmMetricMonth: Price;
  readonly cloudWatchLogsIngestPerGb: Price;
  readonly secretMonth: Price;
  readonly secretsApiPer10000: Price;
  readonly dynamoWritePerMillion: Price;
  readonly dynamoReadPerMillion: Price;
  /** Table storage and its continuous backups (point-in-time recovery). */
  readonly dynamoStorageGbMonth: Price;
  readonly dynamoPitrGbMonth: Price;
  readonly athenaPerTb: Price;
  readonly snsPublishPerMillion: Price;
  readonly xrayTracesPerMillion: Price;
}

const p = (usd: number, per: string, assumed = false): Price => ({
  usd,
  per,
  assumed,
});

/**
 * Where each price comes from: the public AWS pricing pages (on-demand,
 * first tier) — aws.amazon.com/{api-gateway,lambda,firehose,s3,cloudwatch,
 * secrets-manager,dynamodb,athena,sns,xray}/pricing — checked {@link PRICES_AS_OF}.
 * Prices marked `assumed` are estimates (Tokyo add-on Firehose meters and
 * DynamoDB on-demand after the Nov 2024 price cut); verify before relying.
 */
export const PRICE_SOURCES =
  'aws.amazon.com/<service>/pricing, on-demand list prices; CloudWatch metric tiers applied; always-free allowances in FREE_TIER';

/**
 * Always-free monthly allowances (per account, not per deployment; the
 * 12-month free tiers of API Gateway, S3 and DynamoDB are never applied).
 * The dashboard allowance (3 dashboards of ≤ 50 metrics) is not applied:
 * mailtrail's dashboard graphs more than 50 metrics.
 */
export const FREE_TIER = {
  cloudWatchMetrics: 10,
  cloudWatchAlarmMetrics: 10,
  /** API requests other than GetMetricData. */
  cloudWatchApiRequests: 1_000_000,
  cloudWatchLogsGb: 5,
  lambdaRequests: 1_000_000,
  lambdaGbSeconds: 400_000,
  snsPublishes: 1_000_000,
  xrayTraces: 100_000,
  schedulerInvocations: 14_000_000,
} as const;

/** Cost of `units` billed through cumulative `tiers`. */
export function tieredUsd(units: number, tiers: readonly PriceTier[]): number {
  let usd = 0;
  let below = 0;
  for (const tier of tiers) {
    const inTier = Math.min(units, tier.upTo) - below;
    if (inTier <= 0) break;
    usd += inTier * tier.usd;
    below = tier.upTo;
  }
  return usd;
}

const US_EAST_1: RegionPrices = {
  apiGatewayHttpPerMillion: p(1.0, '1M requests (each 512 KB is one request)'),
  lambdaRequestsPerMillion: p(0.2, '1M requests'),
  lambdaArmGbSecond: p(0.0000133334, 'GB-second (arm64)'),
  firehoseIngestPerGb: p(0.029, 'GB ingested, each record rounded up to 5 KB'),
  firehoseConversionPerGb: p(0.018, 'GB converted (ingested GB, 5 KB steps)'),
  firehosePartitioningPerGb: p(0.02, 'GB processed by dynamic partitioning'),
  firehosePartitioningPer1000Objects: p(0.005, '1,000 S3 objects delivered'),
  firehoseJqPerHour: p(0.07, 'JQ processing hour'),
  s3PutPer1000: p(0.005, '1,000 PUT requests'),
  s3StandardGbMonth: p(0.023, 'GB-month S3 Standard'),
  s3StandardIaGbMonth: p(0.0125, 'GB-month S3 Standard-IA'),
  s3GlacierIrGbMonth: p(0.004, 'GB-month S3 Glacier Instant Retrieval'),
  s3TransitionIaPer1000: p(0.01, '1,000 lifecycle transitions to Standard-IA'),
  s3TransitionGlacierIrPer1000: p(
    0.02,
    '1,000 lifecycle transitions to Glacier IR',
  ),
  cloudWatchMetricMonth: p(0.3, 'custom metric-month (first 10,000)'),
  cloudWatchMetricTiers: [
    { upTo: 10_000, usd: 0.3 },
    { upTo: 250_000, usd: 0.1 },
    { upTo: 1_000_000, usd: 0.05 },
    { upTo: Number.POSITIVE_INFINITY, usd: 0.02 },
  ],
  schedulerPerMillion: p(1.0, '1M EventBridge Scheduler invocations'),
  cloudWatchApiPer1000: p(0.01, '1,000 PutMetricData requests'),
  cloudWatchGetMetricDataPer1000Metrics: p(0.01, '1,000 metrics requested'),
  cloudWatchDashboardMonth: p(3.0, 'dashboard-month'),
  cloudWatchAlarmMetricMonth: p(0.1, 'standard-resolution alarm metric-month'),
  cloudWatchLogsIngestPerGb: p(0.5, 'GB of logs ingested'),
  secretMonth: p(0.4, 'secret-month'),
  secretsApiPer10000: p(0.05, '10,000 API calls'),
  dynamoWritePerMillion: p(0.625, '1M on-demand write request units', true),
  dynamoReadPerMillion: p(0.125, '1M on-demand read request units', true),
  dynamoStorageGbMonth: p(0.25, 'GB-month table storage (first 25 GB free)'),
  dynamoPitrGbMonth: p(0.2, 'GB-month continuous backup (PITR)'),
  athenaPerTb: p(5.0, 'TB scanned (10 MB minimum per query)'),
  snsPublishPerMillion: p(
    0.5,
    '1M publishes (64 KB chunks); Lambda delivery free',
  ),
  xrayTracesPerMillion: p(5.0, '1M traces recorded'),
};

const AP_NORTHEAST_1: RegionPrices = {
  ...US_EAST_1,
  firehoseIngestPerGb: p(
    0.036,
    'GB ingested, each record rounded up to 5 KB',
    true,
  ),
  firehoseConversionPerGb: p(
    0.022,
    'GB converted (ingested GB, 5 KB steps)',
    true,
  ),
  firehosePartitioningPerGb: p(
    0.024,
    'GB processed by dynamic partitioning',
    true,
  ),
  firehosePartitioningPer1000Objects: p(
    0.006,
    '1,000 S3 objects delivered',
    true,
  ),
  firehoseJqPerHour: p(0.084, 'JQ processing hour', true),
  s3PutPer1000: p(0.0047, '1,000 PUT requests'),
  s3StandardGbMonth: p(0.025, 'GB-month S3 Standard'),
  s3StandardIaGbMonth: p(0.0138, 'GB-month S3 Standard-IA'),
  s3GlacierIrGbMonth: p(0.005, 'GB-month S3 Glacier Instant Retrieval'),
  cloudWatchLogsIngestPerGb: p(0.76, 'GB of logs ingested'),
  dynamoWritePerMillion: p(0.715, '1M on-demand write request units', true),
  dynamoReadPerMillion: p(0.143, '1M on-demand read request units', true),
  dynamoStorageGbMonth: p(
    0.285,
    'GB-month table storage (first 25 GB free)',
    true,
  ),
  dynamoPitrGbMonth: p(0.228, 'GB-month continuous backup (PITR)', true),
};

/**
 * AWS list prices per region (USD, first tier unless tiered), as
 * of {@link PRICES_AS_OF}; sources in {@link PRICE_SOURCES}.
 */
export const PRICES: Readonly<Record<CostRegion, RegionPrices>> = {
  'us-east-1': US_EAST_1,
  'ap-northeast-1': AP_NORTHEAST_1,
};
