import { estimateCost } from '../../core/cost/model';
import { COST_REGIONS, type CostRegion } from '../../core/cost/prices';
import type {
  CostEstimate,
  CostMargins,
  MetricsTransport,
  ResolvedCostInput,
  SesDestination,
} from '../../core/cost/types';
import type { MetricDimension } from '../../core/metrics/types';
import { PROVIDERS, type Provider } from '../../core/schema';
import { parseCliArgs } from '../args';
import { FORMAT_OPTION, formatRows, parseFormat } from '../output';
import { type CliCommand, type CliIo, CliUsageError } from '../types';

const DIMENSIONS: readonly MetricDimension[] = ['Provider', 'SendingDomain'];
const SES: readonly SesDestination[] = ['firehose', 'sns'];
const TRACING = ['off', 'active'] as const;
const TRANSPORTS: readonly MetricsTransport[] = ['emf', 'putMetricData'];

const USAGE = `Usage: mailtrail cost --events-per-month N [options]

Estimates the monthly AWS bill of a mailtrail deployment from list prices:
one line per billed meter, the total, the cost per million events, design
choices priced the other way, and every assumption (docs/performance.md).

Options:
  --events-per-month N      canonical events a month (required)
  --providers LIST          comma-separated: ${PROVIDERS.join(',')} (default: all)
  --region R                ${COST_REGIONS.join(' or ')} (default us-east-1)
  --domains N               listed sending domains, config metrics.sendingDomains (default 0)
  --dimensions LIST         metric dimensions: Provider,SendingDomain (default both; '' for none)
  --events-per-request N    events per blastengine/CMC request (default 20)
  --ses-destinations LIST   firehose,sns (default firehose, as config providers.ses.destinations)
  --tracing MODE            off or active (default off, as config tracing)
  --metrics MODE            emf or putMetricData (the design before EMF; default emf)
  --no-free-tier            do not apply the always-free allowances (shared per account)
  --format F                table (default); json: the whole estimate;
                            csv: one row per billed meter
  --json                    same as --format json`;

function count(
  flag: string,
  value: string | undefined,
  min: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replaceAll('_', ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < min) {
    const what = min > 0 ? 'a positive number' : 'a positive number or 0';
    throw new CliUsageError(`${flag} must be ${what}, got "${value}"`);
  }
  return n;
}

function list<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = items.filter(
    (i) => !(allowed as readonly string[]).includes(i),
  );
  if (unknown.length > 0) {
    throw new CliUsageError(
      `${flag}: unknown ${unknown.join(', ')} (expected ${allowed.join(', ')})`,
    );
  }
  return items as T[];
}

function parse(args: readonly string[]) {
  const { values } = parseCliArgs(args, {
    options: {
      ...FORMAT_OPTION,
      'events-per-month': { type: 'string' },
      providers: { type: 'string' },
      region: { type: 'string', default: 'us-east-1' },
      domains: { type: 'string' },
      dimensions: { type: 'string' },
      'events-per-request': { type: 'string' },
      'ses-destinations': { type: 'string' },
      tracing: { type: 'string' },
      metrics: { type: 'string' },
      'no-free-tier': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const events = count('--events-per-month', values['events-per-month'], 0);
  if (events === undefined)
    throw new CliUsageError('--events-per-month is required');
  const providers = list('--providers', values.providers, PROVIDERS);
  if (providers?.length === 0)
    throw new CliUsageError('--providers must name at least one provider');
  const [region] = list('--region', values.region, COST_REGIONS) ?? [];
  const ses = list('--ses-destinations', values['ses-destinations'], SES);
  if (ses?.length === 0)
    throw new CliUsageError('--ses-destinations must name a destination');
  const [tracing] = list('--tracing', values.tracing, TRACING) ?? [];
  const [metrics] = list('--metrics', values.metrics, TRANSPORTS) ?? [];
  return {
    format: parseFormat(values.format, values.json),
    input: {
      eventsPerMonth: events,
      providers: providers as Provider[] | undefined,
      region: region as CostRegion | undefined,
      sendingDomains: count('--domains', values.domains, 0),
      sesDestinations: ses,
      tracing,
      metricsTransport: metrics,
      freeTier: !values['no-free-tier'],
      metricDimensions: list('--dimensions', values.dimensions, DIMENSIONS),
      eventsPerRequest: count(
        '--events-per-request',
        values['events-per-request'],
        1,
      ),
    },
  };
}

const LINE_COLUMNS = ['service', 'item', 'quantity', 'unit', 'usd'];

const usd = (n: number) => `$${n.toFixed(2)}`;
const qty = (n: number) =>
  n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 });

const perMillion = (
  label: string,
  total: number | null,
  metricHours: number | null,
  keep: number | null,
  month: number,
): string[] => {
  if (total === null) return [];
  const hours = metricHours ?? 0;
  const kept = keep ?? 0;
  const ingest = total - hours - kept;
  return [
    `  ${label.padEnd(58)} ${usd(total).padStart(7)}`,
    `    ${'ingest and process'.padEnd(56)} ${usd(ingest).padStart(7)}`,
    `    ${`keep: S3 storage in month ${month} of operation, Athena scans`.padEnd(56)} ${usd(kept).padStart(7)}`,
    `    ${'rarer metric series publishing in more hours (bounded)'.padEnd(56)} ${usd(hours).padStart(7)}`,
  ];
};

/** Providers as the margins name them. */
const PROVIDER_LABELS: Readonly<Record<Provider, string>> = {
  ses: 'SES',
  mailgun: 'Mailgun',
  blastengine: 'blastengine',
  cmc: 'CMC',
};

/** Marginal costs, floor and the price of a listed domain, as text lines. */
export function renderMargins(
  m: CostMargins,
  input: Pick<ResolvedCostInput, 'providers' | 'assumptions'>,
): string[] {
  const retentionMonths = input.assumptions.retentionMonths;
  const webhooks = input.providers
    .filter((p) => p !== 'ses')
    .map((p) => PROVIDER_LABELS[p])
    .join('/');
  return [
    'At this volume, list prices:',
    ...perMillion(
      `per extra million webhook events (${webhooks})`,
      m.perMillionWebhookEventsUsd,
      m.perMillionWebhookMetricHoursUsd,
      m.perMillionWebhookKeepUsd,
      retentionMonths,
    ),
    ...perMillion(
      'per extra million SES events',
      m.perMillionSesEventsUsd,
      m.perMillionSesMetricHoursUsd,
      m.perMillionSesKeepUsd,
      retentionMonths,
    ),
    `  ${'fixed monthly floor (0 events)'.padEnd(58)} ${usd(m.floorUsd).padStart(7)}`,
    `  ${'custom metrics if every series published every hour'.padEnd(58)} ${m.fullActivityMetrics.toFixed(0).padStart(7)}`,
    `  one more listed sending domain: ${usd(m.perListedDomainUsd)} at this volume, at most ${usd(m.perListedDomainMaxUsd)}`,
  ];
}

/** The estimate as aligned text: lines, total, margins, comparisons, assumptions. */
export function renderEstimate(e: CostEstimate): string {
  const rows = e.lines.map((l) => [
    l.service,
    l.item,
    `${qty(l.quantity)} ${l.unit}`,
    usd(l.usd),
  ]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...rows.map((r) => r[i]!.length)),
  );
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ');
  const events = e.input.eventsPerMonth.toLocaleString('en-US');
  return [
    `mailtrail monthly cost estimate — ${events} events, ${e.input.region}, prices as of ${e.pricesAsOf}`,
    '',
    ...rows.map(fmt),
    '',
    `Total:                 ${usd(e.totalUsd)} a month`,
    `Per million events:    ${usd(e.perMillionEventsUsd)}`,
    '',
    ...renderMargins(e.margins, e.input),
    '',
    'Design choices priced the other way (mailtrail vs alternative):',
    ...e.comparisons.map(
      (c) => `  ${c.label}: ${usd(c.mailtrailUsd)} vs ${usd(c.alternativeUsd)}`,
    ),
    '',
    'Assumptions:',
    ...e.assumptions.map((a) => `  - ${a}`),
    '',
  ].join('\n');
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { format, input } = parse(args);
  const estimate = estimateCost(input);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(estimate, null, 2)}\n`);
  } else if (format === 'csv') {
    io.stdout.write(formatRows('csv', LINE_COLUMNS, estimate.lines));
  } else {
    io.stdout.write(renderEstimate(estimate));
  }
  return 0;
}

/** `mailtrail cost`: the monthly AWS bill of a deployment, line by line. */
export const command: CliCommand = {
  usage: USAGE,
  examples: [
    'mailtrail cost --events-per-month 3_000_000',
    'mailtrail cost --events-per-month 50000000 --providers ses,mailgun --region ap-northeast-1',
    'mailtrail cost --events-per-month 1e6 --format csv > cost.csv',
  ],
  run,
};
