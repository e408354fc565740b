import { describe, expect, it } from 'vitest';
import {
  buildRateQueries,
  countsFromSums,
  selectRateSeries,
} from '../../../../core/metrics/rate-queries';

describe('selectRateSeries', () => {
  it('keeps the configured dimension sets, dedupes, and drops stray ones', () => {
    // Arrange: ListMetrics on Accepted then Delivered repeats series.
    const listed: Record<string, string>[] = [
      { Provider: 'ses' },
      { SendingDomain: 'a.example', Provider: 'ses' },
      { Provider: 'ses', Reason: 'stale' },
      {},
      { Provider: 'ses' },
      { SendingDomain: 'a.example' },
      { Provider: 'ses', SendingDomain: '(other)' },
    ];
    // Act
    const series = selectRateSeries(
      listed,
      ['Provider', 'SendingDomain'],
      ['a.example'],
    );
    // Assert
    expect(series).toStrictEqual([
      { Provider: 'ses' },
      { Provider: 'ses', SendingDomain: 'a.example' },
      { Provider: 'ses', SendingDomain: '(other)' },
    ]);
  });

  it('leaves out series of domains no longer listed, and every domain series when none is', () => {
    // Arrange: old.example was listed before; its series lingers in ListMetrics.
    const listed: Record<string, string>[] = [
      { Provider: 'ses', SendingDomain: 'old.example' },
      { Provider: 'ses', SendingDomain: 'a.example' },
      { Provider: 'ses' },
    ];
    // Act
    const listedOnly = selectRateSeries(
      listed,
      ['Provider', 'SendingDomain'],
      ['a.example'],
    );
    const none = selectRateSeries(listed, ['Provider', 'SendingDomain'], []);
    // Assert
    expect(listedOnly).toStrictEqual([
      { Provider: 'ses', SendingDomain: 'a.example' },
      { Provider: 'ses' },
    ]);
    expect(none).toStrictEqual([{ Provider: 'ses' }]);
  });

  it('selects only per-Provider series when SendingDomain is not configured', () => {
    // Act
    const series = selectRateSeries(
      [{ Provider: 'cmc', SendingDomain: 'b.example' }, { Provider: 'cmc' }],
      ['Provider'],
      [],
    );
    // Assert
    expect(series).toStrictEqual([{ Provider: 'cmc' }]);
  });

  it('selects the dimensionless series when no dimension is configured', () => {
    // Act / Assert
    expect(selectRateSeries([{ Provider: 'cmc' }, {}], [], [])).toStrictEqual([
      {},
    ]);
  });
});

describe('buildRateQueries', () => {
  it('builds four SUM inputs per series with valid ids', () => {
    // Act
    const queries = buildRateQueries([{ Provider: 'ses' }]);
    // Assert
    const dimensions = { Provider: 'ses' };
    expect(queries).toStrictEqual([
      {
        id: 's0_accepted',
        metricName: 'Accepted',
        dimensions,
        series: 0,
        field: 'accepted',
      },
      {
        id: 's0_hardBounces',
        metricName: 'HardBounced',
        dimensions,
        series: 0,
        field: 'hardBounces',
      },
      {
        id: 's0_delivered',
        metricName: 'Delivered',
        dimensions,
        series: 0,
        field: 'delivered',
      },
      {
        id: 's0_complaints',
        metricName: 'Complained',
        dimensions,
        series: 0,
        field: 'complaints',
      },
    ]);
  });
});

describe('countsFromSums', () => {
  it('folds sums back per series and treats missing data as zero', () => {
    // Arrange
    const queries = buildRateQueries([
      { Provider: 'ses' },
      { Provider: 'cmc' },
    ]);
    const sums = new Map([
      ['s0_accepted', 300],
      ['s0_hardBounces', 12],
      ['s1_delivered', 150],
    ]);
    // Act / Assert
    expect(countsFromSums(queries, 2, sums)).toStrictEqual([
      { accepted: 300, hardBounces: 12, delivered: 0, complaints: 0 },
      { accepted: 0, hardBounces: 0, delivered: 150, complaints: 0 },
    ]);
  });
});
