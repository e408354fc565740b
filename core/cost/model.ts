import { PipelineError } from '../errors';
import { PROVIDERS } from '../schema';
import { allInvocations, computeLines } from './lines-compute';
import { dataLines, firehoseLines } from './lines-data';
import { monitoringLines } from './lines-monitoring';
import { PRICES, PRICES_AS_OF, type RegionPrices } from './prices';
import { deriveTraffic, type Traffic } from './traffic';
import {
  type CostComparison,
  type CostEstimate,
  type CostInput,
  DEFAULT_ASSUMPTIONS,
  GIB,
  type ResolvedCostInput,
} from './types';

/** One EMF log line with a handful of counts, bytes (an estimate). */
const EMF_BYTES_PER_INVOCATION = 300;

/** Fills defaults; throws one PipelineError ('config') listing every problem. */
export function resolveCostInput(input: CostInput): ResolvedCostInput {
  const resolved: ResolvedCostInput = {
    eventsPerMonth: input.eventsPerMonth,
    providers: input.providers ?? PROVIDERS,
    region: input.region ?? 'us-east-1',
    sendingDomains: input.sendingDomains ?? 5,
    metricDimensions: input.metricDimensions ?? ['Provider', 'SendingDomain'],
    eventsPerRequest: input.eventsPerRequest ?? 20,
    assumptions: { ...DEFAULT_ASSUMPTIONS, ...input.assumptions },
  };
  const problems: string[] = [];
  const atLeast = (name: string, value: number, min: number) => {
    if (!Number.isFinite(value) || value < min)
      problems.push(`${name} must be a number ≥ ${min}`);
  };
  atLeast('eventsPerMonth', resolved.eventsPerMonth, 0);
  atLeast('sendingDomains', resolved.sendingDomains, 1);
  atLeast('eventsPerRequest', resolved.eventsPerRequest, 1);
  for (const [name, value] of Object.entries(resolved.assumptions)) {
    atLeast(`assumptions.${name}`, value, 0);
  }
  if (resolved.providers.length === 0)
    problems.push('providers must not be empty');
  if (!(resolved.region in PRICES))
    problems.push(`no prices for region ${resolved.region}`);
  if (problems.length > 0) {
    throw new PipelineError(
      `invalid cost input: ${problems.join('; ')}`,
      'config',
    );
  }
  return resolved;
}

/** Design choices priced the other way round, from the same traffic. */
function comparisons(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
  firehose: (bytes: number) => number,
): CostComparison[] {
  const a = input.assumptions;
  const athena = (bytesPerQuery: number) =>
    (a.athenaQueriesPerMonth *
      Math.max(10 * 1024 ** 2, bytesPerQuery) *
      price.athenaPerTb.usd) /
    1024 ** 4;
  return [
    {
      label:
        'Firehose events ingestion + conversion: packed records vs one event per record',
      mailtrailUsd: firehose(t.eventBilledBytes),
      alternativeUsd: firehose(t.eventBilledBytesOnePerRecord),
    },
    {
      label: 'Athena: Parquet events vs scanning a month of gzip raw JSON',
      mailtrailUsd: athena(
        a.athenaScanFraction * input.eventsPerMonth * a.parquetBytesPerEvent,
      ),
      alternativeUsd: athena(input.eventsPerMonth * a.rawGzipBytesPerEvent),
    },
    {
      label:
        'CloudWatch: PutMetricData per invocation vs Embedded Metric Format log lines',
      mailtrailUsd:
        (allInvocations(t, a) / 1000) * price.cloudWatchApiPer1000.usd,
      alternativeUsd:
        ((allInvocations(t, a) * EMF_BYTES_PER_INVOCATION) / GIB) *
        price.cloudWatchLogsIngestPerGb.usd,
    },
    {
      label:
        'CloudWatch custom metrics: configured dimensions vs Provider only',
      mailtrailUsd: monitoringLines(input, t, price)[0]!.usd,
      alternativeUsd: monitoringLines(
        { ...input, metricDimensions: ['Provider'] },
        t,
        price,
      )[0]!.usd,
    },
  ];
}

function describeAssumptions(
  input: ResolvedCostInput,
  price: RegionPrices,
): string[] {
  const assumed = Object.entries(price)
    .filter(([, p]) => p.assumed)
    .map(
      ([name, p]) => `price ${name} = $${p.usd} per ${p.per} is an estimate`,
    );
  return [
    `events split evenly over ${input.providers.join(', ')}; Mailgun and SES send 1 event per request, blastengine and CMC ${input.eventsPerRequest}`,
    ...Object.entries(input.assumptions).map(([k, v]) => `${k} = ${v}`),
    `list prices for ${input.region} as of ${PRICES_AS_OF}, first tier, free tiers not applied`,
    ...assumed,
  ];
}

/**
 * Monthly AWS cost of a mailtrail deployment: one line per billed meter,
 * total, cost per million events, and the design choices priced the other
 * way. Pure: prices and assumptions are data.
 * @example estimateCost({ eventsPerMonth: 1_000_000, region: 'ap-northeast-1' })
 */
export function estimateCost(input: CostInput): CostEstimate {
  const resolved = resolveCostInput(input);
  const price = PRICES[resolved.region];
  const t = deriveTraffic(resolved);
  const lines = [
    ...computeLines(resolved, t, price),
    ...firehoseLines(t, resolved.assumptions, price),
    ...dataLines(resolved, t, price),
    ...monitoringLines(resolved, t, price),
  ];
  const totalUsd = lines.reduce((sum, l) => sum + l.usd, 0);
  const firehose = (billed: number) =>
    (billed / GIB) *
    (price.firehoseIngestPerGb.usd + price.firehoseConversionPerGb.usd);
  return {
    input: resolved,
    pricesAsOf: PRICES_AS_OF,
    lines,
    totalUsd,
    perMillionEventsUsd:
      resolved.eventsPerMonth > 0
        ? (totalUsd / resolved.eventsPerMonth) * 1e6
        : 0,
    comparisons: comparisons(resolved, t, price, firehose),
    assumptions: describeAssumptions(resolved, price),
  };
}
