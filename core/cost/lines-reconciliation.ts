import { priced } from './lines-compute';
import { ATHENA_MINIMUM_BYTES, TIB } from './lines-data';
import { activeShare } from './lines-monitoring';
import type { RegionPrices } from './prices';
import {
  type CostLine,
  DAYS_PER_MONTH,
  GIB,
  type ResolvedCostInput,
} from './types';

/** Metrics each reconciled provider publishes: MissedWebhookEvents, ReconciledEvents. */
const LEDGER_METRICS = 2;

/**
 * The daily reconciliation (deployed when an archiver is on): its Lambda
 * runs and schedule, the Athena scan of the covered days plus one on each
 * side, the two ledger metrics per provider (a point a day) and the alarm
 * per provider (metric math over both metrics: two alarm metrics). Priced
 * at list: a few dozen requests a month leave the free tiers to the rest.
 */
export function reconciliationLines(
  input: ResolvedCostInput,
  price: RegionPrices,
): CostLine[] {
  const providers = input.reconciledProviders;
  if (providers === 0) return [];
  const a = input.assumptions;
  const runs = DAYS_PER_MONTH;
  const eventsGbPerDay =
    (input.eventsPerMonth * a.parquetBytesPerEvent) / GIB / DAYS_PER_MONTH;
  const scannedPerRun = Math.max(
    ATHENA_MINIMUM_BYTES,
    (a.reconciliationDays + 2) * eventsGbPerDay * GIB * a.reconcileScanFraction,
  );
  const metrics = providers * LEDGER_METRICS;
  return [
    priced(
      'Lambda',
      'reconciliation runs (daily)',
      runs,
      'invocations',
      price.lambdaRequestsPerMillion,
      1e6,
    ),
    priced(
      'Lambda',
      'reconciliation duration (arm64)',
      (runs * a.reconcileDurationMs * a.reconcileMemoryMb) / 1024 / 1000,
      'GB-s',
      price.lambdaArmGbSecond,
    ),
    priced(
      'EventBridge Scheduler',
      'reconciliation runs',
      runs,
      'invocations',
      price.schedulerPerMillion,
      1e6,
    ),
    priced(
      'Athena',
      `reconciliation query (${a.reconciliationDays} + 2 days a run)`,
      (runs * scannedPerRun) / TIB,
      'TB',
      price.athenaPerTb,
    ),
    {
      service: 'CloudWatch',
      item: 'ledger metrics (EMF, a point a day per provider)',
      quantity: metrics * activeShare(runs, false),
      unit: 'metric-months',
      // First tier: these few metric-months never reach the next one.
      usd:
        metrics *
        activeShare(runs, false) *
        price.cloudWatchMetricTiers[0]!.usd,
    },
    priced(
      'CloudWatch',
      'missed-webhook alarms (metric math, 2 metrics each)',
      metrics,
      'alarm metrics',
      price.cloudWatchAlarmMetricMonth,
    ),
  ];
}
