import { describe, expect, it } from 'vitest';
import { estimateCost, resolveCostInput } from '../../../../core/cost/model';
import { COST_REGIONS, PRICES } from '../../../../core/cost/prices';
import { DEFAULT_ASSUMPTIONS } from '../../../../core/cost/types';
import { PipelineError } from '../../../../core/errors';

const GIB = 1024 ** 3;

describe('resolveCostInput', () => {
  it('fills every default', () => {
    expect(resolveCostInput({ eventsPerMonth: 10 })).toStrictEqual({
      eventsPerMonth: 10,
      providers: ['ses', 'mailgun', 'blastengine', 'cmc'],
      region: 'us-east-1',
      sendingDomains: 5,
      metricDimensions: ['Provider', 'SendingDomain'],
      eventsPerRequest: 20,
      assumptions: DEFAULT_ASSUMPTIONS,
    });
  });

  it('lists every problem in one config error', () => {
    // Act
    const act = () =>
      resolveCostInput({
        eventsPerMonth: -1,
        providers: [],
        sendingDomains: 0,
        eventsPerRequest: Number.NaN,
        region: 'eu-west-9' as 'us-east-1',
        assumptions: { baseDurationMs: -5 },
      });
    // Assert
    expect(act).toThrow(PipelineError);
    expect(act).toThrow(
      'invalid cost input: eventsPerMonth must be a number ≥ 0; sendingDomains must be a number ≥ 1; eventsPerRequest must be a number ≥ 1; assumptions.baseDurationMs must be a number ≥ 0; providers must not be empty; no prices for region eu-west-9',
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
    // 10M events: 30 % of 1 GB Parquet per query vs 1.6 GB of raw gzip
    const e = estimateCost({ eventsPerMonth: 10_000_000 });
    const perQuery = (bytes: number) => (300 * bytes * 5) / 1024 ** 4;
    expect(e.comparisons[1]!.mailtrailUsd).toBeCloseTo(
      perQuery(0.3 * 1e7 * 100),
      12,
    );
    expect(e.comparisons[1]!.alternativeUsd).toBeCloseTo(
      perQuery(1e7 * 160),
      12,
    );
  });

  it('prices PutMetricData against Embedded Metric Format log lines', () => {
    // 1,000 Mailgun calls + 2,920 rates runs
    const e = estimateCost({ eventsPerMonth: 1000, providers: ['mailgun'] });
    expect(e.comparisons[2]!.mailtrailUsd).toBeCloseTo(
      (3920 / 1000) * 0.01,
      12,
    );
    expect(e.comparisons[2]!.alternativeUsd).toBeCloseTo(
      ((3920 * 300) / GIB) * 0.5,
      12,
    );
  });

  it('prices the configured dimensions against Provider only', () => {
    // one provider, 5 domains: 12 × (1 + 5) + 2 vs 12 × 1 + 2 metrics
    const e = estimateCost({ eventsPerMonth: 1000, providers: ['mailgun'] });
    expect(e.comparisons[3]).toMatchObject({
      mailtrailUsd: 74 * 0.3,
      alternativeUsd: 14 * 0.3,
    });
  });

  it('names every assumption and every estimated price', () => {
    const e = estimateCost({ eventsPerMonth: 1000, region: 'ap-northeast-1' });
    expect(e.assumptions).toContain('baseDurationMs = 60');
    expect(e.assumptions).toContain(
      'price firehoseIngestPerGb = $0.036 per GB ingested, each record rounded up to 5 KB is an estimate',
    );
    expect(e.pricesAsOf).toBe('2025-06');
  });

  it('uses the region price table', () => {
    const us = estimateCost({ eventsPerMonth: 1e6 });
    const tokyo = estimateCost({
      eventsPerMonth: 1e6,
      region: 'ap-northeast-1',
    });
    const logs = (e: typeof us) =>
      e.lines.find((l) => l.item === 'Lambda log ingestion')!;
    expect(logs(tokyo).usd / logs(us).usd).toBeCloseTo(0.76 / 0.5, 12);
  });
});

describe('PRICES', () => {
  it.each(COST_REGIONS)(
    'has a positive price for every meter in %s',
    (region) => {
      for (const price of Object.values(PRICES[region])) {
        expect(price.usd).toBeGreaterThan(0);
      }
    },
  );
});
