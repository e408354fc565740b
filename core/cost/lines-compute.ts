import type { Price, RegionPrices } from './prices';
import type { Traffic } from './traffic';
import {
  type CostAssumptions,
  type CostLine,
  GIB,
  type ResolvedCostInput,
  SECONDS_PER_MONTH,
} from './types';

/** A line billed `quantity / per` times `price`. */
export function priced(
  service: string,
  item: string,
  quantity: number,
  unit: string,
  price: Price,
  per = 1,
): CostLine {
  return { service, item, quantity, unit, usd: (quantity / per) * price.usd };
}

/** Rates Lambda runs per month. */
export const ratesRuns = (a: CostAssumptions): number =>
  SECONDS_PER_MONTH / (a.ratesIntervalMinutes * 60);

/** Every Lambda invocation of the month (webhook, SES, rates). */
export const allInvocations = (t: Traffic, a: CostAssumptions): number =>
  t.webhookInvocations + t.sesInvocations + ratesRuns(a);

function gbSeconds(t: Traffic, a: CostAssumptions): number {
  let total = 0;
  for (const p of t.providers) {
    const gb = (p.viaApi ? a.webhookMemoryMb : a.sesMemoryMb) / 1024;
    const ms = a.baseDurationMs + a.perEventDurationMs * p.eventsPerInvocation;
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

/** API Gateway, Lambda (+ its logs and traces), SNS, Secrets, DynamoDB. */
export function computeLines(
  input: ResolvedCostInput,
  t: Traffic,
  price: RegionPrices,
): CostLine[] {
  const a = input.assumptions;
  const invocations = allInvocations(t, a);
  const secrets = t.providers.filter((p) => p.viaApi).length;
  const secretReads =
    secrets *
    ((a.warmContainers * SECONDS_PER_MONTH) / 60 / a.secretsTtlMinutes +
      a.coldStartRate * t.webhookInvocations);
  const mailgun = t.providers.find((p) => p.provider === 'mailgun');
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
      'requests',
      invocations,
      'invocations',
      price.lambdaRequestsPerMillion,
      1e6,
    ),
    priced(
      'Lambda',
      'duration incl. billed INIT (arm64)',
      gbSeconds(t, a),
      'GB-s',
      price.lambdaArmGbSecond,
    ),
    priced(
      'CloudWatch Logs',
      'Lambda log ingestion',
      (invocations * a.logBytesPerInvocation) / GIB,
      'GB',
      price.cloudWatchLogsIngestPerGb,
    ),
    priced(
      'X-Ray',
      'traces (Tracing.ACTIVE, default sampling)',
      tracesRecorded(invocations, a),
      'traces',
      price.xrayTracesPerMillion,
      1e6,
    ),
    priced(
      'SNS',
      'SES event publishes',
      t.sesInvocations,
      'publishes',
      price.snsPublishPerMillion,
      1e6,
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
      'GetSecretValue (TTL re-reads)',
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
