import { describe, expect, it } from 'vitest';
import { estimateCost, resolveCostInput } from '../../../../core/cost/model';
import { COST_REGIONS, PRICES, tieredUsd } from '../../../../core/cost/prices';
import { DEFAULT_ASSUMPTIONS } from '../../../../core/cost/types';
import { PipelineError } from '../../../../core/errors';
import type { Provider } from '../../../../core/schema';

const GIB = 1024 ** 3;

describe('resolveCostInput', () => {
  it('fills every default', () => {
    expect(resolveCostInput({ eventsPerMonth: 10 })).toStrictEqual({
      eventsPerMonth: 10,
      providers: ['ses', 'mailgun', 'blastengine', 'cmc'],
      eventsByProvider: { ses: 2.5, mailgun: 2.5, blastengine: 2.5, cmc: 2.5 },
      region: 'us-east-1',
      sendingDomains: 0,
      metricDimensions: ['Provider', 'SendingDomain'],
      eventsPerRequest: 20,
      reconciledProviders: 0,
      tracing: 'off',
      sesDestinations: ['firehose'],
      metricsTransport: 'emf',
      domainMetrics: 'rateInputs',
      freeTier: true,
      assumptions: DEFAULT_ASSUMPTIONS,
    });
  });

  it('takes explicit volumes per provider and sums them', () => {
    const r = resolveCostInput({
      eventsPerMonth: 1,
      providers: ['ses', 'cmc'],
      eventsByProvider: { cmc: 300 },
    });
    expect(r.eventsPerMonth).toBe(300);
    expect(r.eventsByProvider).toStrictEqual({ ses: 0, cmc: 300 });
  });

  it('lists every problem in one config error', () => {
    // Act
    const act = () =>
      resolveCostInput({
        eventsPerMonth: -1,
        providers: [],
        sesDestinations: [],
        sendingDomains: -1,
        eventsPerRequest: Number.NaN,
        region: 'eu-west-9' as 'us-east-1',
        assumptions: { baseDurationMs: -5 },
      });
    // Assert
    expect(act).toThrow(PipelineError);
    expect(act).toThrow(
      'invalid cost input: eventsPerMonth must be a number ≥ 0; sendingDomains must be a number ≥ 0; eventsPerRequest must be a number ≥ 1; assumptions.baseDurationMs must be a number ≥ 0; providers must not be empty; sesDestinations must not be empty; no prices for region eu-west-9',
    );
  });

  it('rejects negative or foreign per-provider volumes', () => {
    expect(() =>
      resolveCostInput({
        eventsPerMonth: 0,
        providers: ['ses'],
        eventsByProvider: { ses: -1, cmc: 5 },
      }),
    ).toThrow(
      'invalid cost input: eventsByProvider.ses must be a number ≥ 0; eventsByProvider.cmc: not one of the providers',
    );
  });
});

describe('estimateCost', () => {
  it('totals its lines and divides by millions of events', () => {
    // Act
    const e = estimateCost({ eventsPerMonth: 2_000_000 });
    // Assert
    const sum = e.lines.reduce((n, l) => n + l.usd, 0);
    expect(e.totalUsd).toBeCloseTo(sum, 12);
    expect(e.perMillionEventsUsd).toBeCloseTo(sum / 2, 12);
  });

  it('reports no cost per million events for an idle month', () => {
    expect(estimateCost({ eventsPerMonth: 0 }).perMillionEventsUsd).toBe(0);
  });

  it('prices the packing of events against one event per Firehose record', () => {
    // 4,000 events: 2,200 records of 5,120 B packed vs 4,000 of 5,120 B
    const e = estimateCost({
      eventsPerMonth: 4000,
      eventsPerRequest: 10,
      assumptions: { canonicalBytesPerEvent: 500 },
    });
    expect(e.comparisons[0]).toStrictEqual({
      label:
        'Firehose events ingestion + conversion: packed records vs one event per record',
      mailtrailUsd: ((2200 * 5120) / GIB) * (0.029 + 0.018),
      alternativeUsd: ((4000 * 5120) / GIB) * (0.029 + 0.018),
    });
  });

  it('prices Athena over Parquet against scanning the gzip raw JSON', () => {
    // 10M events: 30 % of 0.6 GB Parquet per query vs 1.6 GB of raw gzip
    const e = estimateCost({ eventsPerMonth: 10_000_000 });
    const perQuery = (bytes: number) => (300 * bytes * 5) / 1024 ** 4;
    expect(e.comparisons[1]!.mailtrailUsd).toBeCloseTo(
      perQuery(0.3 * 1e7 * 60),
      12,
    );
    expect(e.comparisons[1]!.alternativeUsd).toBeCloseTo(
      perQuery(1e7 * 160),
      12,
    );
  });

  it('prices the whole bill with the other metrics transport, SES path and tracing', () => {
    const input = { eventsPerMonth: 1e7, freeTier: false } as const;
    const e = estimateCost(input);
    const other = (change: object) =>
      estimateCost({ ...input, ...change }).totalUsd;
    expect(e.comparisons.slice(2)).toStrictEqual([
      {
        label: 'whole bill: metrics via emf vs putMetricData',
        mailtrailUsd: e.totalUsd,
        alternativeUsd: other({ metricsTransport: 'putMetricData' }),
      },
      {
        label: 'whole bill: SES destinations firehose vs sns',
        mailtrailUsd: e.totalUsd,
        alternativeUsd: other({ sesDestinations: ['sns'] }),
      },
      {
        label: 'whole bill: tracing off vs active',
        mailtrailUsd: e.totalUsd,
        alternativeUsd: other({ tracing: 'active' }),
      },
    ]);
    // and back from the former design
    const before = estimateCost({
      ...input,
      metricsTransport: 'putMetricData',
      sesDestinations: ['sns', 'firehose'],
      tracing: 'active',
    });
    expect(before.comparisons.slice(2).map((c) => c.label)).toStrictEqual([
      'whole bill: metrics via putMetricData vs emf',
      'whole bill: SES destinations sns+firehose vs firehose',
      'whole bill: tracing active vs off',
    ]);
  });

  it('names every assumption and every estimated price', () => {
    const e = estimateCost({ eventsPerMonth: 1000, region: 'ap-northeast-1' });
    expect(e.assumptions).toContain('baseDurationMs = 45');
    expect(e.assumptions).toContain(
      'price firehoseIngestPerGb = $0.036 per GB ingested, each record rounded up to 5 KB is an estimate',
    );
    expect(e.pricesAsOf).toBe('2025-06');
  });

  it('names an empty dimension list and list prices without free tiers', () => {
    const e = estimateCost({
      eventsPerMonth: 1,
      metricDimensions: [],
      freeTier: false,
    });
    expect(e.assumptions[1]).toContain('dimensions (none)');
    expect(
      e.assumptions.some((a) =>
        a.includes('always-free allowances not applied'),
      ),
    ).toBe(true);
  });

  it('uses the region price table', () => {
    const us = estimateCost({ eventsPerMonth: 1e6, freeTier: false });
    const tokyo = estimateCost({
      eventsPerMonth: 1e6,
      region: 'ap-northeast-1',
      freeTier: false,
    });
    const logs = (e: typeof us) =>
      e.lines.find((l) => l.item.startsWith('Lambda log ingestion'))!;
    expect(logs(tokyo).usd / logs(us).usd).toBeCloseTo(0.76 / 0.5, 12);
  });
});

describe('margins', () => {
  const BASE = { eventsPerMonth: 1e7 } as const;
  const listTotal = (events: Partial<Record<Provider, number>>) =>
    estimateCost({
      eventsPerMonth: 0,
      eventsByProvider: events,
      freeTier: false,
    }).totalUsd;
  const quarter = 2.5e6;
  // BASE as explicit volumes: a quarter for each provider.
  const base = {
    ses: quarter,
    mailgun: quarter,
    blastengine: quarter,
    cmc: quarter,
  };

  it('prices one more million webhook events split over the webhook providers', () => {
    const m = estimateCost(BASE).margins;
    const third = 1e6 / 3;
    expect(m.perMillionWebhookEventsUsd).toBeCloseTo(
      listTotal({
        ...base,
        mailgun: quarter + third,
        blastengine: quarter + third,
        cmc: quarter + third,
      }) - listTotal(base),
      9,
    );
    expect(m.perMillionWebhookMetricHoursUsd).toBeGreaterThan(0);
    expect(m.perMillionWebhookMetricHoursUsd).toBeLessThan(
      m.perMillionWebhookEventsUsd!,
    );
  });

  it('prices one more million SES events', () => {
    const m = estimateCost(BASE).margins;
    expect(m.perMillionSesEventsUsd).toBeCloseTo(
      listTotal({ ...base, ses: quarter + 1e6 }) - listTotal(base),
      9,
    );
  });

  it('splits out what keeping the data costs: storage and Athena scans', () => {
    const keptUsd = (eventsByProvider: Record<string, number>) =>
      estimateCost({ eventsPerMonth: 0, eventsByProvider, freeTier: false })
        .lines.filter(
          (l) =>
            l.service === 'Athena' ||
            (l.service === 'S3' && !l.item.startsWith('PUT')),
        )
        .reduce((n, l) => n + l.usd, 0);
    const m = estimateCost({ ...BASE, eventsPerMonth: 1e7 }).margins;
    const tenth = 2.5e6;
    const at10 = { ses: tenth, mailgun: tenth, blastengine: tenth, cmc: tenth };
    expect(m.perMillionSesKeepUsd).toBeCloseTo(
      keptUsd({ ...at10, ses: tenth + 1e6 }) - keptUsd(at10),
      9,
    );
    expect(m.perMillionSesKeepUsd).toBeGreaterThan(0);
    expect(m.perMillionWebhookKeepUsd).toBeGreaterThan(0);
    expect(
      m.perMillionSesKeepUsd! + m.perMillionSesMetricHoursUsd!,
    ).toBeLessThan(m.perMillionSesEventsUsd!);
  });

  it('has no marginal cost for a kind of provider not deployed', () => {
    const m = estimateCost({ eventsPerMonth: 10, providers: ['ses'] }).margins;
    expect(m.perMillionWebhookEventsUsd).toBeNull();
    expect(m.perMillionWebhookMetricHoursUsd).toBeNull();
    const w = estimateCost({ eventsPerMonth: 10, providers: ['cmc'] }).margins;
    expect(w.perMillionSesEventsUsd).toBeNull();
  });

  it('floors at the bill of a month without events', () => {
    const m = estimateCost({ ...BASE, sendingDomains: 5 }).margins;
    expect(m.floorUsd).toBeCloseTo(
      estimateCost({ eventsPerMonth: 0, sendingDomains: 5 }).totalUsd,
      12,
    );
  });

  it('prices one more listed domain, at this volume and at most', () => {
    const at = (n: number) =>
      estimateCost({ ...BASE, sendingDomains: n })
        .lines.filter((l) => l.service === 'CloudWatch')
        .reduce((sum, l) => sum + l.usd, 0);
    const m = estimateCost({ ...BASE, sendingDomains: 3 }).margins;
    expect(m.perListedDomainUsd).toBeCloseTo(at(4) - at(3), 9);
    // (12 rate inputs the providers publish + 5 rates) at $0.30, 5 alarms
    // at $0.10, and the rates runs' reads
    expect(m.perListedDomainMaxUsd).toBeGreaterThan(17 * 0.3 + 0.5);
    expect(m.perListedDomainMaxUsd).toBeGreaterThanOrEqual(
      m.perListedDomainUsd - 1e-9,
    );
    // 30 counts + 5 rates + 3 WebhookRequests + 6 WebhookRejected + 4 NormalizeErrors
    expect(estimateCost(BASE).margins.fullActivityMetrics).toBe(48);
  });
});

describe('PRICES', () => {
  it.each(COST_REGIONS)(
    'has a positive price for every meter in %s',
    (region) => {
      for (const [name, price] of Object.entries(PRICES[region])) {
        if (name === 'cloudWatchMetricTiers') continue;
        expect((price as { usd: number }).usd).toBeGreaterThan(0);
      }
    },
  );

  it('bills through cumulative tiers', () => {
    const tiers = PRICES['us-east-1'].cloudWatchMetricTiers;
    expect(tieredUsd(0, tiers)).toBe(0);
    expect(tieredUsd(10_000, tiers)).toBeCloseTo(3000, 9);
    expect(tieredUsd(260_000, tiers)).toBeCloseTo(3000 + 24_000 + 500, 9);
    expect(tieredUsd(2_000_000, tiers)).toBeCloseTo(
      3000 + 24_000 + 37_500 + 20_000,
      9,
    );
  });
});
