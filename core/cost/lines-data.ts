import { priced } from './lines-compute';
import type { RegionPrices } from './prices';
import type { RawCopy, Traffic } from './traffic';
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
 * The share of a raw copy's objects, and of its bytes, that S3 lifecycle
 * moves: objects of at least {@link TRANSITION_MINIMUM_BYTES}. Flush sizes
 * follow the traffic hour by hour, so sizes are taken as exponentially
 * distributed around the copy's mean (an assumption): with x = 128 KB ÷
 * mean, e^−x of the objects and e^−x (1 + x) of the bytes, not a step at
 * the mean.
 */
export function transitionShare(copy: Pick<RawCopy, 'gzipBytes' | 'objects'>): {
  objects: number;
  bytes: number;
} {
  if (copy.objects <= 0 || copy.gzipBytes <= 0) return { objects: 0, bytes: 0 };
  const x = TRANSITION_MINIMUM_BYTES / (copy.gzipBytes / copy.objects);
  return { objects: Math.exp(-x), bytes: Math.exp(-x) * (1 + x) };
}

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
  // RawRecords (webhooks, SNS) and SES records as received (SES stream):
  // each raw copy in Standard for the months it is kept, except the share
  // of its bytes in objects S3 lifecycle moves (≥ 128 KB).
  const stays = rawMonthsByClass(a, false).standard;
  const moved = rawMonthsByClass(a, true);
  let standard = 0;
  let ia = 0;
  let glacierIr = 0;
  let movedObjects = 0;
  for (const copy of t.rawCopies) {
    const gb = copy.gzipBytes / GIB;
    const share = transitionShare(copy);
    standard += gb * ((1 - share.bytes) * stays + share.bytes * moved.standard);
    ia += gb * share.bytes * moved.ia;
    glacierIr += gb * share.bytes * moved.glacierIr;
    movedObjects += copy.objects * share.objects;
  }
  const rawObjects = t.rawCopies.reduce((n, c) => n + c.objects, 0);
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
        standard,
        'GB-month',
        price.s3StandardGbMonth,
      ),
      priced(
        'S3',
        `raw gzip, Standard-IA (${month})`,
        ia,
        'GB-month',
        price.s3StandardIaGbMonth,
      ),
      priced(
        'S3',
        `raw gzip, Glacier IR (${month})`,
        glacierIr,
        'GB-month',
        price.s3GlacierIrGbMonth,
      ),
      priced(
        'S3',
        'lifecycle transitions to Standard-IA',
        moved.ia > 0 ? movedObjects : 0,
        'objects',
        price.s3TransitionIaPer1000,
        1000,
      ),
      priced(
        'S3',
        'lifecycle transitions to Glacier IR',
        moved.glacierIr > 0 ? movedObjects : 0,
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
