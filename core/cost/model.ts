import { PipelineError } from '../errors';
import { PROVIDERS, type Provider } from '../schema';
import { computeLines } from './lines-compute';
import { dataLines, firehoseLines } from './lines-data';
import { metricMonths, monitoringLines } from './lines-monitoring';
import { reconciliationLines } from './lines-reconciliation';
import { suppressionLines } from './lines-suppressions';
import { PRICES, PRICES_AS_OF, type RegionPrices, tieredUsd } from './prices';
import { deriveTraffic } from './traffic';
import {
  type CostComparison,
  type CostEstimate,
  type CostInput,
  type CostLine,
  type CostMargins,
  DEFAULT_ASSUMPTIONS,
  GIB,
  type ResolvedCostInput,
} from './types';

/** Fills defaults; throws one PipelineError ('config') listing every problem. */
export function resolveCostInput(input: CostInput): ResolvedCostInput {
  const providers = input.providers ?? PROVIDERS;
  const given = input.eventsByProvider;
  const eventsPerMonth = given
    ? Object.values(given).reduce((n: number, e) => n + (e as number), 0)
    : input.eventsPerMonth;
  const even = eventsPerMonth / Math.max(1, providers.length);
  const eventsByProvider = Object.fromEntries(
    providers.map((p) => [p, given ? (given[p] ?? 0) : even]),
  ) as Record<Provider, number>;
  const resolved: ResolvedCostInput = {
    eventsPerMonth,
    providers,
    eventsByProvider,
    region: input.region ?? 'us-east-1',
    sendingDomains: input.sendingDomains ?? 0,
    metricDimensions: input.metricDimensions ?? ['Provider', 'SendingDomain'],
    eventsPerRequest: input.eventsPerRequest ?? 20,
    reconciledProviders: input.reconciledProviders ?? 0,
    tracing: input.tracing ?? 'off',
    sesDestinations: input.sesDestinations ?? ['firehose'],
    metricsTransport: input.metricsTransport ?? 'emf',
    domainMetrics: input.domainMetrics ?? 'rateInputs',
    freeTier: input.freeTier ?? true,
    assumptions: { ...DEFAULT_ASSUMPTIONS, ...input.assumptions },
  };
  const problems: string[] = [];
  const atLeast = (name: string, value: number, min: number) => {
    if (!Number.isFinite(value) || value < min)
      problems.push(`${name} must be a number ≥ ${min}`);
  };
  atLeast('eventsPerMonth', resolved.eventsPerMonth, 0);
  for (const [p, e] of Object.entries(given ?? {})) {
    atLeast(`eventsByProvider.${p}`, e as number, 0);
    if (!providers.includes(p as Provider))
      problems.push(`eventsByProvider.${p}: not one of the providers`);
  }
  atLeast('sendingDomains', resolved.sendingDomains, 0);
  atLeast('eventsPerRequest', resolved.eventsPerRequest, 1);
  atLeast('reconciledProviders', resolved.reconciledProviders, 0);
  for (const [name, value] of Object.entries(resolved.assumptions)) {
    atLeast(`assumptions.${name}`, value, 0);
  }
  if (resolved.providers.length === 0)
    problems.push('providers must not be empty');
  if (resolved.sesDestinations.length === 0)
    problems.push('sesDestinations must not be empty');
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

/** Every billed meter of the month for a resolved input. */
export function costLines(input: ResolvedCostInput): CostLine[] {
  const price = PRICES[input.region];
  const t = deriveTraffic(input);
  return [
    ...computeLines(input, t, price),
    ...firehoseLines(input, t, price),
    ...dataLines(input, t, price),
    ...monitoringLines(input, t, price),
    ...reconciliationLines(input, price),
    ...suppressionLines(input, t, price),
  ];
}

const total = (input: ResolvedCostInput): number =>
  costLines(input).reduce((sum, l) => sum + l.usd, 0);

/** `input` with `extra` events added per provider (list prices, no free tier). */
function plus(
  input: ResolvedCostInput,
  extra: Partial<Record<Provider, number>>,
): ResolvedCostInput {
  const eventsByProvider = { ...input.eventsByProvider };
  for (const [p, e] of Object.entries(extra)) {
    eventsByProvider[p as Provider] += e as number;
  }
  return resolveCostInput({
    ...input,
    eventsByProvider,
    freeTier: false,
  });
}

const METRICS_ITEM = 'custom metrics';

/** Marginal cost of one more million events, split by what it pays for. */
interface Marginal {
  readonly usd: number;
  /** Custom metrics publishing in more hours (bounded; falls toward 0). */
  readonly metricHoursUsd: number;
  /** Storage and queries of what the lake keeps (`CostLine.keep`). */
  readonly keepUsd: number;
}

/**
 * Marginal cost of one more million events of `kind` at list prices, and
 * the parts of it that are custom metrics publishing in more hours and
 * keeping the data.
 */
function perMillion(
  input: ResolvedCostInput,
  kind: readonly Provider[],
): Marginal | null {
  const ours = input.providers.filter((p) => kind.includes(p));
  if (ours.length === 0) return null;
  const extra = Object.fromEntries(ours.map((p) => [p, 1e6 / ours.length]));
  const after = costLines(plus(input, extra));
  const before = costLines(plus(input, {}));
  const delta = (keep: (l: CostLine) => boolean) =>
    after.filter(keep).reduce((n, l) => n + l.usd, 0) -
    before.filter(keep).reduce((n, l) => n + l.usd, 0);
  return {
    usd: delta(() => true),
    metricHoursUsd: delta((l) => l.item.startsWith(METRICS_ITEM)),
    keepUsd: delta((l) => l.keep === true),
  };
}

/** Floor, marginal costs and the price of one more listed domain. */
function margins(input: ResolvedCostInput): CostMargins {
  const t = deriveTraffic(input);
  const domains = (n: number, saturate: boolean) => {
    const r = resolveCostInput({ ...input, sendingDomains: n });
    const price = PRICES[r.region];
    const lines = monitoringLines(r, deriveTraffic(r), price);
    if (!saturate) return lines.reduce((sum, l) => sum + l.usd, 0);
    const metrics = metricMonths(r, deriveTraffic(r), true);
    return (
      tieredUsd(metrics, price.cloudWatchMetricTiers) +
      lines.slice(1).reduce((sum, l) => sum + l.usd, 0)
    );
  };
  // From one listed domain on: the first also turns on the (other) series.
  const listed = Math.max(1, input.sendingDomains);
  const webhook = perMillion(input, WEBHOOK_PROVIDERS);
  const ses = perMillion(input, ['ses']);
  return {
    perMillionWebhookEventsUsd: webhook?.usd ?? null,
    perMillionWebhookMetricHoursUsd: webhook?.metricHoursUsd ?? null,
    perMillionWebhookKeepUsd: webhook?.keepUsd ?? null,
    perMillionSesEventsUsd: ses?.usd ?? null,
    perMillionSesMetricHoursUsd: ses?.metricHoursUsd ?? null,
    perMillionSesKeepUsd: ses?.keepUsd ?? null,
    floorUsd: total(
      resolveCostInput({ ...input, eventsByProvider: zero(input) }),
    ),
    fullActivityMetrics: metricMonths(input, t, true),
    perListedDomainUsd: domains(listed + 1, false) - domains(listed, false),
    perListedDomainMaxUsd: domains(listed + 1, true) - domains(listed, true),
  };
}

const WEBHOOK_PROVIDERS: readonly Provider[] = [
  'mailgun',
  'blastengine',
  'cmc',
];

const zero = (input: ResolvedCostInput) =>
  Object.fromEntries(input.providers.map((p) => [p, 0]));

/** Design choices priced the other way round, from the same traffic. */
function comparisons(input: ResolvedCostInput): CostComparison[] {
  const a = input.assumptions;
  const price = PRICES[input.region];
  const t = deriveTraffic(input);
  const firehose = (bytes: number) =>
    (bytes / GIB) *
    (price.firehoseIngestPerGb.usd + price.firehoseConversionPerGb.usd);
  const athena = (bytesPerQuery: number) =>
    (a.athenaQueriesPerMonth *
      Math.max(10 * 1024 ** 2, bytesPerQuery) *
      price.athenaPerTb.usd) /
    1024 ** 4;
  const other = (change: Partial<CostInput>) =>
    total(resolveCostInput({ ...input, ...change }));
  const ours = total(input);
  const flip = <T>(value: T, a: T, b: T) => (value === a ? b : a);
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
      label: `whole bill: metrics via ${input.metricsTransport} vs ${flip(input.metricsTransport, 'emf', 'putMetricData')}`,
      mailtrailUsd: ours,
      alternativeUsd: other({
        metricsTransport: flip(input.metricsTransport, 'emf', 'putMetricData'),
      }),
    },
    {
      label: `whole bill: SES destinations ${input.sesDestinations.join('+')} vs ${input.sesDestinations.includes('sns') ? 'firehose' : 'sns'}`,
      mailtrailUsd: ours,
      alternativeUsd: other({
        sesDestinations: [
          input.sesDestinations.includes('sns') ? 'firehose' : 'sns',
        ],
      }),
    },
    {
      label: `whole bill: tracing ${input.tracing} vs ${flip(input.tracing, 'off', 'active')}`,
      mailtrailUsd: ours,
      alternativeUsd: other({ tracing: flip(input.tracing, 'off', 'active') }),
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
    `events per provider: ${input.providers.map((p) => `${p} ${Math.round(input.eventsByProvider[p]).toLocaleString('en-US')}`).join(', ')}; Mailgun sends 1 event per request, blastengine and CMC ${input.eventsPerRequest}; SES publishes to ${input.sesDestinations.join(' and ')}`,
    `metrics: ${input.metricsTransport === 'emf' ? 'Embedded Metric Format log lines' : 'one PutMetricData per invocation'}, dimensions ${input.metricDimensions.join(', ') || '(none)'}, ${input.sendingDomains} listed sending domains + (other); tracing ${input.tracing}`,
    ...Object.entries(input.assumptions).map(([k, v]) => `${k} = ${v}`),
    `list prices for ${input.region} as of ${PRICES_AS_OF}, CloudWatch metric tiers applied; always-free allowances ${input.freeTier ? 'applied (per account: shared with its other workloads)' : 'not applied'}; marginal costs at list price`,
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
  const lines = costLines(resolved);
  const totalUsd = lines.reduce((sum, l) => sum + l.usd, 0);
  return {
    input: resolved,
    pricesAsOf: PRICES_AS_OF,
    lines,
    totalUsd,
    perMillionEventsUsd:
      resolved.eventsPerMonth > 0
        ? (totalUsd / resolved.eventsPerMonth) * 1e6
        : 0,
    margins: margins(resolved),
    comparisons: comparisons(resolved),
    assumptions: describeAssumptions(resolved, PRICES[resolved.region]),
  };
}
