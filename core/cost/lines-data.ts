import { priced } from './lines-compute';
import type { RegionPrices } from './prices';
import type { Traffic } from './traffic';
import {
  type CostAssumptions,
  type CostLine,
  DAYS_PER_MONTH,
  GIB,
  type ResolvedCostInput,
} from './types';

/** Athena bills at least 10 MB per query. */
export const ATHENA_MINIMUM_BYTES = 10 * 1024 ** 2;
export const TIB = 1024 ** 4;

/** SES → Firehose direct put, when SES publishes to its stream. */
function sesStreamLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  if (!input.sesDestinations.includes('firehose')) return [];
  return [
    priced(
      'Firehose',
      'SES stream: direct put ingestion (5 KB steps)',
      t.sesStreamBilledBytes / GIB,
      'GB',
      price.firehoseIngestPerGb,
    ),
  ];
}

/** Firehose: every stream's ingestion, conversion and dynamic partitioning. */
export function firehoseLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  const a = input.assumptions;
  const jqHours = (t.eventBytes + t.rawBytes) / GIB / a.jqGbPerHour;
  return [
    ...sesStreamLines(input, t, price),
    priced(
      'Firehose',
      'events: ingestion (5 KB steps)',
      t.eventBilledBytes / GIB,
      'GB',
      price.firehoseIngestPerGb,
    ),
    priced(
      'Firehose',
      'events: Parquet conversion',
      t.eventBilledBytes / GIB,
      'GB',
      price.firehoseConversionPerGb,
    ),
    priced(
      'Firehose',
      'raw: ingestion (5 KB steps)',
      t.rawBilledBytes / GIB,
      'GB',
      price.firehoseIngestPerGb,
    ),
    priced(
      'Firehose',
      'dynamic partitioning: data',
      (t.eventBytes + t.rawBytes) / GIB,
      'GB',
      price.firehosePartitioningPerGb,
    ),
    priced(
      'Firehose',
      'dynamic partitioning: objects',
      t.eventObjects + t.rawObjects,
      'objects',
      price.firehosePartitioningPer1000Objects,
      1000,
    ),
    priced(
      'Firehose',
      'dynamic partitioning: JQ',
      jqHours,
      'hours',
      price.firehoseJqPerHour,
    ),
  ];
}

/** S3 lifecycle skips objects under 128 KB by default (since Sept 2024). */
export const TRANSITION_MINIMUM_BYTES = 128 * 1024;

/**
 * Months of the retention horizon a month of raw data spends in each class;
 * objects too small to transition stay in Standard until they expire.
 */
export function rawMonthsByClass(a: CostAssumptions, transitions: boolean) {
  const n = a.retentionMonths;
  const months = (days: number) =>
    days === 0 ? Number.POSITIVE_INFINITY : days / DAYS_PER_MONTH;
  const kept = Math.min(n, months(a.rawExpireAfterDays));
  if (!transitions) return { standard: kept, ia: 0, glacierIr: 0 };
  const standard = Math.min(kept, months(a.rawIaAfterDays));
  const ia = Math.min(kept, months(a.rawGlacierAfterDays)) - standard;
  return { standard, ia, glacierIr: kept - standard - ia };
}

/** A line of what keeping the data costs ({@link CostLine.keep}). */
const kept = (line: CostLine): CostLine => ({ ...line, keep: true });

/** S3 (objects, storage in month `retentionMonths`, transitions) and Athena. */
export function dataLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  const a = input.assumptions;
  const eventsGb = (input.eventsPerMonth * a.parquetBytesPerEvent) / GIB;
  // RawRecords (webhooks, SNS) and SES records as received (SES stream).
  const rawEvents = t.providers
    .filter((p) => p.path !== 'firehose')
    .reduce((n, p) => n + p.events, 0);
  const rawGb =
    (rawEvents * a.rawGzipBytesPerEvent +
      t.sesStreamEvents * a.sesRawGzipBytesPerEvent) /
    GIB;
  const rawObjects = t.rawObjects + t.sesStreamObjects;
  const rawObjectBytes = rawObjects > 0 ? (rawGb * GIB) / rawObjects : 0;
  const raw = rawMonthsByClass(a, rawObjectBytes >= TRANSITION_MINIMUM_BYTES);
  const scanned =
    a.athenaQueriesPerMonth *
    Math.max(ATHENA_MINIMUM_BYTES, a.athenaScanFraction * eventsGb * GIB);
  const month = `month ${a.retentionMonths}`;
  return [
    priced(
      'S3',
      'PUT (Firehose objects, query results)',
      t.eventObjects + rawObjects + a.athenaQueriesPerMonth,
      'requests',
      price.s3PutPer1000,
      1000,
    ),
    ...[
      priced(
        'S3',
        `events Parquet, Standard (${month})`,
        eventsGb * a.retentionMonths,
        'GB-month',
        price.s3StandardGbMonth,
      ),
      priced(
        'S3',
        `raw gzip, Standard (${month})`,
        rawGb * raw.standard,
        'GB-month',
        price.s3StandardGbMonth,
      ),
      priced(
        'S3',
        `raw gzip, Standard-IA (${month})`,
        rawGb * raw.ia,
        'GB-month',
        price.s3StandardIaGbMonth,
      ),
      priced(
        'S3',
        `raw gzip, Glacier IR (${month})`,
        rawGb * raw.glacierIr,
        'GB-month',
        price.s3GlacierIrGbMonth,
      ),
      priced(
        'S3',
        'lifecycle transitions to Standard-IA',
        raw.ia > 0 ? rawObjects : 0,
        'objects',
        price.s3TransitionIaPer1000,
        1000,
      ),
      priced(
        'S3',
        'lifecycle transitions to Glacier IR',
        raw.glacierIr > 0 ? rawObjects : 0,
        'objects',
        price.s3TransitionGlacierIrPer1000,
        1000,
      ),
      priced(
        'Athena',
        'queries over Parquet',
        scanned / TIB,
        'TB',
        price.athenaPerTb,
      ),
    ].map(kept),
  ];
}
