import { describe, expect, it } from 'vitest';
import { computeLines } from '../../../../core/cost/lines-compute';
import {
  dataLines,
  firehoseLines,
  rawMonthsByClass,
  transitionShare,
} from '../../../../core/cost/lines-data';
import {
  activeShare,
  alarmMetrics,
  metricMonths,
  monitoringLines,
  seriesGroups,
} from '../../../../core/cost/lines-monitoring';
import { resolveCostInput } from '../../../../core/cost/model';
import { PRICES } from '../../../../core/cost/prices';
import { deriveTraffic } from '../../../../core/cost/traffic';
import {
  type CostInput,
  type CostLine,
  DEFAULT_ASSUMPTIONS,
} from '../../../../core/cost/types';

const GIB = 1024 ** 3;
const US = PRICES['us-east-1'];
// The SNS path, X-Ray and PutMetricData at list prices: every meter billed.
const SMALL: CostInput = {
  eventsPerMonth: 4000,
  eventsPerRequest: 10,
  sesDestinations: ['sns'],
  tracing: 'active',
  metricsTransport: 'putMetricData',
  freeTier: false,
  assumptions: {
    payloadBytesPerEvent: 1000,
    canonicalBytesPerEvent: 500,
    baseDurationMs: 45,
    putMetricDataMs: 15,
  },
};

function linesOf(input: CostInput) {
  const resolved = resolveCostInput(input);
  const t = deriveTraffic(resolved);
  return [
    ...computeLines(resolved, t, US),
    ...firehoseLines(resolved, t, US),
    ...dataLines(resolved, t, US),
    ...monitoringLines(resolved, t, US),
  ];
}

function line(input: CostInput, item: string): CostLine {
  const found = linesOf(input).find((l) => l.item.startsWith(item));
  if (!found) throw new Error(`no line ${item}`);
  return found;
}

// SMALL: 1,200 webhook + 1,000 SES invocations + 2,920 rates runs = 5,120.
describe('compute lines', () => {
  it('bills API Gateway per million metered requests', () => {
    expect(line(SMALL, 'HTTP API').usd).toBeCloseTo((1200 / 1e6) * 1.0, 12);
  });

  it('bills Lambda requests for every invocation including rates runs', () => {
    expect(line(SMALL, 'requests').quantity).toBe(5120);
  });

  it('bills GB-seconds at each function memory, with billed INIT', () => {
    // ses 1,000 × 67.2 ms × 0.5 GB; mailgun 1,000 × 67.2 × 1; blastengine and
    // cmc 100 × 69 × 1 each; rates 2,920 × 2,000 ms × 0.25 GB
    const gbs = 33.6 + 67.2 + 6.9 + 6.9 + 1460;
    const l = line(SMALL, 'duration');
    expect(l.quantity).toBeCloseTo(gbs, 9);
    expect(l.usd).toBeCloseTo(gbs * 0.0000133334, 12);
  });

  it('bills the Lambda platform log lines', () => {
    expect(line(SMALL, 'Lambda log').usd).toBeCloseTo(
      ((5120 * 450) / GIB) * 0.5,
      12,
    );
  });

  it('traces every invocation below one request a second', () => {
    expect(line(SMALL, 'traces').quantity).toBeCloseTo(5120, 6);
  });

  it('traces the reservoir plus 5 % above one request a second', () => {
    // 5,256,000 Mailgun calls + 2,920 rates runs over 2,628,000 s
    const input = {
      eventsPerMonth: 5_256_000,
      providers: ['mailgun'],
      tracing: 'active',
    } as const;
    expect(line(input, 'traces').quantity).toBeCloseTo(
      2_628_000 + 0.05 * (5_258_920 - 2_628_000),
      3,
    );
  });

  it('bills one SNS publish per SES event, plus alarm notifications', () => {
    expect(line(SMALL, 'SES event').usd).toBeCloseTo((1100 / 1e6) * 0.5, 12);
    expect(
      line({ ...SMALL, sesDestinations: ['firehose'] }, 'alarm').quantity,
    ).toBe(100);
  });

  it('prices no X-Ray line with tracing off', () => {
    const lines = linesOf({ ...SMALL, tracing: 'off' });
    expect(lines.some((l) => l.service === 'X-Ray')).toBe(false);
  });

  it('subtracts the always-free allowances when asked', () => {
    const free = { ...SMALL, freeTier: true, eventsPerMonth: 4e6 };
    // 1.2M webhook + 1M SNS + 2,920 rates invocations, first 1M free
    expect(line(free, 'requests').usd).toBeCloseTo(
      ((2_202_920 - 1e6) / 1e6) * 0.2,
      9,
    );
    expect(line(free, 'requests').item).toContain(
      'first 1,000,000 requests free',
    );
    expect(line(SMALL, 'requests').item).toBe('requests');
    expect(line(free, 'traces').item).toContain('first 100,000 traces free');
    expect(line({ ...SMALL, freeTier: true }, 'rates runs').usd).toBe(0);
  });

  it('adds EMF log lines and drops the PutMetricData round trip with EMF', () => {
    const emf = { ...SMALL, metricsTransport: 'emf' } as const;
    // 2,200 ingest invocations × 300 B of EMF on top of the platform lines
    expect(line(emf, 'Lambda log').quantity).toBeCloseTo(
      (5120 * 450 + 2200 * 300) / GIB,
      12,
    );
    expect(line(emf, 'duration').quantity).toBeLessThan(
      line(SMALL, 'duration').quantity,
    );
  });

  it('keeps one secret per webhook provider and re-reads it every TTL', () => {
    expect(line(SMALL, 'webhook secrets').usd).toBeCloseTo(3 * 0.4, 12);
    // 3 × (1,200 requests (fewer than 2 containers × 43,800 min / 5 TTL
    // re-reads) + 1 % of 1,200 cold starts)
    expect(line(SMALL, 'GetSecretValue').quantity).toBeCloseTo(
      3 * (1200 + 12),
      6,
    );
    expect(
      line({ ...SMALL, eventsPerMonth: 4e6 }, 'GetSecretValue').quantity,
    ).toBeCloseTo(3 * (17_520 + 12_000), 6);
  });

  it('writes one replay-cache item per Mailgun request only', () => {
    expect(line(SMALL, 'replay').usd).toBeCloseTo((1000 / 1e6) * 0.625, 12);
    expect(line({ ...SMALL, providers: ['ses'] }, 'replay').usd).toBe(0);
  });
});

describe('firehose lines', () => {
  it('bills ingestion and conversion on 5 KB-rounded bytes', () => {
    expect(line(SMALL, 'events: ingestion').usd).toBeCloseTo(
      ((2200 * 5120) / GIB) * 0.029,
      12,
    );
    expect(line(SMALL, 'events: Parquet').usd).toBeCloseTo(
      ((2200 * 5120) / GIB) * 0.018,
      12,
    );
    expect(line(SMALL, 'raw: ingestion').usd).toBeCloseTo(
      ((2000 * 5120 + 200 * 15_360) / GIB) * 0.029,
      12,
    );
  });

  it('bills dynamic partitioning on actual bytes, objects and JQ hours', () => {
    const bytes = 2_000_000 + 5_030_000;
    expect(line(SMALL, 'dynamic partitioning: data').usd).toBeCloseTo(
      (bytes / GIB) * 0.02,
      12,
    );
    expect(line(SMALL, 'dynamic partitioning: JQ').quantity).toBeCloseTo(
      bytes / GIB / 10,
      12,
    );
    expect(line(SMALL, 'dynamic partitioning: objects').quantity).toBeCloseTo(
      4840 + bytes / (64 * 1024 ** 2),
      9,
    );
  });
});

describe('rawMonthsByClass', () => {
  const months = (days: number) => days / 30.4167;

  it('follows the lifecycle once objects can transition', () => {
    expect(rawMonthsByClass(DEFAULT_ASSUMPTIONS, true)).toStrictEqual({
      standard: months(30),
      ia: months(90) - months(30),
      glacierIr: 12 - months(90),
    });
  });

  it('keeps small objects in Standard until they expire', () => {
    const a = { ...DEFAULT_ASSUMPTIONS, retentionMonths: 24 };
    expect(rawMonthsByClass(a, false)).toStrictEqual({
      standard: months(400),
      ia: 0,
      glacierIr: 0,
    });
  });

  it('stops at the retention horizon before the lifecycle ends', () => {
    const a = { ...DEFAULT_ASSUMPTIONS, retentionMonths: 2 };
    expect(rawMonthsByClass(a, true)).toStrictEqual({
      standard: months(30),
      ia: 2 - months(30),
      glacierIr: 0,
    });
  });

  it('keeps raw data forever when expiry is 0', () => {
    const a = {
      ...DEFAULT_ASSUMPTIONS,
      retentionMonths: 36,
      rawExpireAfterDays: 0,
    };
    expect(rawMonthsByClass(a, true).glacierIr).toBeCloseTo(
      36 - months(90),
      12,
    );
  });
});

describe('data lines', () => {
  it('stores every retained month of Parquet events in Standard', () => {
    expect(line(SMALL, 'events Parquet').quantity).toBeCloseTo(
      ((4000 * 60) / GIB) * 12,
      15,
    );
  });

  it('keeps small raw objects in Standard without transitions', () => {
    expect(line(SMALL, 'raw gzip, Standard').quantity).toBeCloseTo(
      ((4000 * 160) / GIB) * 12,
      15,
    );
    expect(
      line(SMALL, 'lifecycle transitions to Glacier').quantity,
    ).toBeLessThan(1e-20);
  });

  it('transitions raw objects of at least 128 KB', () => {
    // 100M CMC events in 1M requests: 16 GB of raw gzip in ~4,400 objects a
    // month (one per 900 s flush, plus one per full 64 MiB buffer)
    const input = {
      eventsPerMonth: 1e8,
      providers: ['cmc'],
      eventsPerRequest: 100,
    } as const;
    const t = deriveTraffic(resolveCostInput(input));
    const [copy] = t.rawCopies;
    const share = transitionShare(copy!);
    // Objects average ~3.7 MB: nearly all of them move.
    expect(share.bytes).toBeGreaterThan(0.999);
    const transitions = line(input, 'lifecycle transitions to Standard-IA');
    expect(transitions.quantity).toBeCloseTo(copy!.objects * share.objects, 9);
    expect(transitions.quantity).toBeGreaterThan(2920);
    expect(transitions.quantity).toBeLessThan(8760);
    expect(line(input, 'raw gzip, Glacier IR').quantity).toBeCloseTo(
      ((1e8 * 160) / GIB) * share.bytes * (12 - 90 / 30.4167),
      9,
    );
  });

  it('moves nothing that expires before its transition day', () => {
    const input = {
      eventsPerMonth: 1e8,
      providers: ['cmc'],
      eventsPerRequest: 100,
      assumptions: { rawExpireAfterDays: 20 },
    } as const;
    expect(line(input, 'lifecycle transitions to Standard-IA').quantity).toBe(
      0,
    );
    expect(line(input, 'lifecycle transitions to Glacier IR').quantity).toBe(0);
    // 20 days of each month's raw in Standard.
    expect(line(input, 'raw gzip, Standard').quantity).toBeCloseTo(
      ((1e8 * 160) / GIB) * (20 / 30.4167),
      9,
    );
  });

  it('moves a smooth share of a raw copy: objects ≥ 128 KB, exponential sizes', () => {
    const at = (mean: number) =>
      transitionShare({ gzipBytes: mean * 1000, objects: 1000 });
    // Mean = 128 KB: e^−1 of the objects, 2e^−1 of the bytes.
    expect(at(128 * 1024).objects).toBeCloseTo(Math.exp(-1), 12);
    expect(at(128 * 1024).bytes).toBeCloseTo(2 * Math.exp(-1), 12);
    expect(at(16 * 1024).bytes).toBeLessThan(0.01);
    expect(at(64 * 1024 * 1024).bytes).toBeGreaterThan(0.99999);
    expect(transitionShare({ gzipBytes: 0, objects: 0 })).toStrictEqual({
      objects: 0,
      bytes: 0,
    });
  });

  it('bills Athena at least 10 MB per query', () => {
    expect(line(SMALL, 'queries').usd).toBeCloseTo(
      ((300 * 10 * 1024 ** 2) / 1024 ** 4) * 5,
      12,
    );
  });
});

describe('monitoring lines', () => {
  const series = (input: CostInput) =>
    seriesGroups(resolveCostInput(input)).reduce(
      (n, g) => n + g.series * Object.keys(g.mix).length,
      0,
    );

  it.each([
    // Count names in the mix each provider's live path publishes: SES 10,
    // Mailgun 10, blastengine 3, CMC 7 = 30; of the 4 rate inputs they
    // publish 4 + 4 + 1 + 3 = 12, in each of 6 domain values
    [['Provider', 'SendingDomain'], 5, 30 + 72],
    // no listed domain: the domain set would repeat {Provider}
    [['Provider', 'SendingDomain'], 0, 30],
    [['Provider'], 5, 30],
    // {SendingDomain} alone: every name some provider publishes
    [['SendingDomain'], 5, 60],
    [['SendingDomain'], 0, 10],
    [[], 5, 10],
  ] as const)(
    'counts the count series for dimensions %j and %i listed domains',
    (dims, domains, count) => {
      expect(
        series({ ...SMALL, metricDimensions: dims, sendingDomains: domains }),
      ).toBe(count);
    },
  );

  it('publishes every count in the domain set for the former design', () => {
    expect(
      series({ ...SMALL, sendingDomains: 5, domainMetrics: 'allCounts' }),
    ).toBe(30 + 6 * 30);
  });

  it('bills a series only in the hours it publishes', () => {
    expect(activeShare(0, false)).toBe(0);
    expect(activeShare(730, false)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(activeShare(0, true)).toBe(1);
  });

  it('counts every configured series when saturated', () => {
    const input = resolveCostInput({ ...SMALL, sendingDomains: 5 });
    // 102 counts + (2 + 2 + 0 + 1) rates × (1 + 6) series + 3
    // WebhookRequests + 3 × 2 WebhookRejected + 4 NormalizeErrors
    expect(metricMonths(input, deriveTraffic(input), true)).toBe(
      102 + 35 + 3 + 6 + 4,
    );
    expect(metricMonths(input, deriveTraffic(input), false)).toBeLessThan(150);
  });

  it('publishes rates only for series with enough sends in the window', () => {
    // 1,000 events a provider: 0.32 × 1,000 × 24 / 730 ≈ 10.5 < 100
    const quiet = resolveCostInput(SMALL);
    const busy = resolveCostInput({ ...SMALL, eventsPerMonth: 4e7 });
    const months = (i: typeof quiet) => metricMonths(i, deriveTraffic(i));
    expect(months(busy) - months(quiet)).toBeGreaterThan(8);
  });

  it('bills custom metrics through the CloudWatch tiers after the free 10', () => {
    const input = resolveCostInput({
      ...SMALL,
      eventsPerMonth: 4e6,
      freeTier: true,
    });
    const t = deriveTraffic(input);
    const months = metricMonths(input, t);
    const l = monitoringLines(input, t, US)[0]!;
    expect(l.quantity).toBe(months);
    expect(l.usd).toBeCloseTo((months - 10) * 0.3, 12);
    expect(l.item).toContain('first 10 metrics free');
    expect(months).toBeGreaterThan(10);
  });

  it('bills one PutMetricData per invocation, or per rates run with EMF', () => {
    expect(line(SMALL, 'PutMetricData').usd).toBeCloseTo(
      (5120 / 1000) * 0.01,
      12,
    );
    expect(
      line({ ...SMALL, metricsTransport: 'emf' }, 'PutMetricData').quantity,
    ).toBe(2920);
    expect(line(SMALL, 'custom metrics').item).toContain('PutMetricData');
  });

  it('reads four counts per series with data on each rates run', () => {
    const q = line({ ...SMALL, eventsPerMonth: 4e9 }, 'GetMetricData');
    // SES, Mailgun and CMC have rates (blastengine has none): 4 counts each
    expect(q.quantity).toBeCloseTo(2920 * 4 * 3, 6);
  });

  it('bills rate alarms per provider and per listed domain, and health alarms', () => {
    const alarms = (input: CostInput) => alarmMetrics(resolveCostInput(input));
    // 5 provider rates (SES 2, Mailgun 2, CMC 1, blastengine 0) × 2 levels
    expect(alarms(SMALL)).toBe(10 + 13);
    expect(alarms({ ...SMALL, sendingDomains: 5 })).toBe(10 + 5 * 5 + 13);
    expect(alarms({ ...SMALL, metricDimensions: [], sendingDomains: 5 })).toBe(
      4 + 13,
    );
    expect(alarms({ ...SMALL, providers: ['blastengine'] })).toBe(13);
    expect(line(SMALL, 'alarms').usd).toBeCloseTo(23 * 0.1, 12);
    expect(line(SMALL, 'dashboard').usd).toBe(3);
  });
});
