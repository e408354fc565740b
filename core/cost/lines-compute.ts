import { FREE_TIER, type Price, type RegionPrices } from './prices';
import type { Traffic } from './traffic';
import {
  type CostAssumptions,
  type CostLine,
  GIB,
  type ResolvedCostInput,
  SECONDS_PER_MONTH,
} from './types';

/** A line billed `quantity / per` times `price`, after `free` units. */
export function priced(
  service: string,
  item: string,
  quantity: number,
  unit: string,
  price: Price,
  per = 1,
  free = 0,
): CostLine {
  const billed = Math.max(0, quantity - free);
  return { service, item, quantity, unit, usd: (billed / per) * price.usd };
}

/** The always-free allowance `allowance` when the input applies free tiers. */
export const allowance = (input: ResolvedCostInput, units: number): number =>
  input.freeTier ? units : 0;

/** ' (first N free)' for a line item when the free tier applies. */
export const freeNote = (
  input: ResolvedCostInput,
  units: number,
  what: string,
): string =>
  input.freeTier
    ? ` (first ${units.toLocaleString('en-US')} ${what} free)`
    : '';

/** Rates Lambda runs per month. */
export const ratesRuns = (a: CostAssumptions): number =>
  SECONDS_PER_MONTH / (a.ratesIntervalMinutes * 60);

/** Invocations of the ingest Lambdas (webhook, SES SNS, SES transform). */
export const ingestInvocations = (t: Traffic): number =>
  t.webhookInvocations + t.sesInvocations + t.transformInvocations;

/** Every Lambda invocation of the month (ingest and rates). */
export const allInvocations = (t: Traffic, a: CostAssumptions): number =>
  ingestInvocations(t) + ratesRuns(a);

function gbSeconds(input: ResolvedCostInput, t: Traffic): number {
  const a = input.assumptions;
  const base =
    a.baseDurationMs +
    (input.metricsTransport === 'putMetricData' ? a.putMetricDataMs : 0);
  let total = 0;
  for (const p of t.providers) {
    const gb = (p.viaApi ? a.webhookMemoryMb : a.sesMemoryMb) / 1024;
    const ms = base + a.perEventDurationMs * p.eventsPerInvocation;
    const init = a.coldStartRate * a.initDurationMs;
    total += (p.invocations * (ms + init) * gb) / 1000;
  }
  return (
    total + (ratesRuns(a) * a.ratesDurationMs * a.ratesMemoryMb) / 1024 / 1000
  );
}

/** Traces X-Ray's default rule records, with arrivals spread evenly. */
function tracesRecorded(invocations: number, a: CostAssumptions): number {
  const perSecond = invocations / SECONDS_PER_MONTH;
  const reservoir = Math.min(perSecond, a.xrayReservoirPerSecond);
  const sampled =
    a.xraySampleRate * Math.max(0, perSecond - a.xrayReservoirPerSecond);
  return (reservoir + sampled) * SECONDS_PER_MONTH;
}

/** Log bytes of the month: platform lines, plus one EMF line per ingest invocation. */
export function logGb(input: ResolvedCostInput, t: Traffic): number {
  const a = input.assumptions;
  const emf =
    input.metricsTransport === 'emf'
      ? ingestInvocations(t) * a.emfBytesPerInvocation
      : 0;
  return (allInvocations(t, a) * a.logBytesPerInvocation + emf) / GIB;
}

/** X-Ray, only when tracing is on. */
function tracingLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  if (input.tracing === 'off') return [];
  const free = FREE_TIER.xrayTraces;
  return [
    priced(
      'X-Ray',
      `traces (Tracing.ACTIVE, default sampling)${freeNote(input, free, 'traces')}`,
      tracesRecorded(allInvocations(t, input.assumptions), input.assumptions),
      'traces',
      price.xrayTracesPerMillion,
      1e6,
      allowance(input, free),
    ),
  ];
}

/** API Gateway, Lambda (+ logs, traces), SNS, Scheduler, Secrets, DynamoDB. */
export function computeLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  const a = input.assumptions;
  const invocations = allInvocations(t, a);
  const secrets = t.providers.filter((p) => p.viaApi).length;
  const warmReads =
    (a.warmContainers * SECONDS_PER_MONTH) / 60 / a.secretsTtlMinutes;
  // Containers only re-read while requests keep them warm.
  const secretReads =
    secrets *
    (Math.min(warmReads, t.webhookInvocations) +
      a.coldStartRate * t.webhookInvocations);
  const mailgun = t.providers.find((p) => p.provider === 'mailgun');
  const sns = t.providers.some((p) => p.path === 'sns');
  return [
    priced(
      'API Gateway',
      'HTTP API requests',
      t.apiRequests,
      'requests',
      price.apiGatewayHttpPerMillion,
      1e6,
    ),
    priced(
      'Lambda',
      `requests${freeNote(input, FREE_TIER.lambdaRequests, 'requests')}`,
      invocations,
      'invocations',
      price.lambdaRequestsPerMillion,
      1e6,
      allowance(input, FREE_TIER.lambdaRequests),
    ),
    priced(
      'Lambda',
      `duration incl. billed INIT (arm64)${freeNote(input, FREE_TIER.lambdaGbSeconds, 'GB-s')}`,
      gbSeconds(input, t),
      'GB-s',
      price.lambdaArmGbSecond,
      1,
      allowance(input, FREE_TIER.lambdaGbSeconds),
    ),
    priced(
      'CloudWatch Logs',
      `Lambda log ingestion${input.metricsTransport === 'emf' ? ' incl. EMF metric lines' : ''}${freeNote(input, FREE_TIER.cloudWatchLogsGb, 'GB')}`,
      logGb(input, t),
      'GB',
      price.cloudWatchLogsIngestPerGb,
      1,
      allowance(input, FREE_TIER.cloudWatchLogsGb),
    ),
    ...tracingLines(input, t, price),
    priced(
      'SNS',
      `${sns ? 'SES event publishes, ' : ''}alarm notifications${freeNote(input, FREE_TIER.snsPublishes, 'publishes')}`,
      t.sesInvocations + a.alarmNotifications,
      'publishes',
      price.snsPublishPerMillion,
      1e6,
      allowance(input, FREE_TIER.snsPublishes),
    ),
    priced(
      'EventBridge Scheduler',
      `rates runs${freeNote(input, FREE_TIER.schedulerInvocations, 'invocations')}`,
      ratesRuns(a),
      'invocations',
      price.schedulerPerMillion,
      1e6,
      allowance(input, FREE_TIER.schedulerInvocations),
    ),
    priced(
      'Secrets Manager',
      'webhook secrets',
      secrets,
      'secrets',
      price.secretMonth,
    ),
    priced(
      'Secrets Manager',
      'GetSecretValue (TTL re-reads, cold starts)',
      secretReads,
      'calls',
      price.secretsApiPer10000,
      1e4,
    ),
    priced(
      'DynamoDB',
      'replay cache writes (Mailgun tokens)',
      mailgun?.invocations ?? 0,
      'WRU',
      price.dynamoWritePerMillion,
      1e6,
    ),
  ];
}
