import { describe, expect, it } from 'vitest';
import {
  computeRates,
  percentOf,
  RATE_INPUT_METRICS,
  ratePoints,
  rateWindow,
} from '../../../../core/metrics/rates';

const counts = (
  accepted: number,
  hard: number,
  delivered: number,
  c: number,
) => ({
  accepted,
  hardBounces: hard,
  delivered,
  complaints: c,
});

describe('computeRates', () => {
  it('divides hard bounces by accepted and complaints by delivered', () => {
    // Act / Assert
    expect(computeRates(counts(200, 10, 180, 1), 100)).toStrictEqual({
      bounceRate: 0.05,
      complaintRate: 1 / 180,
    });
  });

  it('returns null for zero volume', () => {
    // Act / Assert
    expect(computeRates(counts(0, 0, 0, 0), 100)).toBeNull();
  });

  it('returns null for zero volume even with a minimum of 0', () => {
    // Act / Assert
    expect(computeRates(counts(0, 0, 0, 0), 0)).toBeNull();
  });

  it('returns null below the minimum volume however bad the ratio', () => {
    // Act / Assert
    expect(computeRates(counts(5, 1, 4, 1), 100)).toBeNull();
  });

  it('publishes exactly at the minimum volume', () => {
    // Act / Assert
    expect(computeRates(counts(100, 5, 100, 0), 100)).toStrictEqual({
      bounceRate: 0.05,
      complaintRate: 0,
    });
  });

  it('returns null one send below the minimum volume', () => {
    // Act / Assert
    expect(computeRates(counts(99, 5, 99, 0), 100)).toBeNull();
  });

  it('yields exactly the threshold ratio at the threshold', () => {
    // Arrange: 10 % critical bounce threshold, 0.1 % complaint warning.
    const at = counts(1000, 100, 1000, 1);
    // Act / Assert
    expect(computeRates(at, 100)).toStrictEqual({
      bounceRate: 0.1,
      complaintRate: 0.001,
    });
  });

  it('omits the complaint rate while deliveries are below the minimum', () => {
    // Act / Assert
    expect(computeRates(counts(150, 60, 90, 3), 100)).toStrictEqual({
      bounceRate: 0.4,
      complaintRate: null,
    });
  });

  it('omits the bounce rate when a source reports no accepted events', () => {
    // Arrange: SES legacy feedback notifications carry no Send (docs/providers.md §1).
    // Act / Assert
    expect(computeRates(counts(0, 2, 500, 1), 100)).toStrictEqual({
      bounceRate: null,
      complaintRate: 0.002,
    });
  });

  it('reads each rate from the named count metrics', () => {
    // Assert
    expect(RATE_INPUT_METRICS).toStrictEqual({
      accepted: 'Accepted',
      hardBounces: 'HardBounced',
      delivered: 'Delivered',
      complaints: 'Complained',
    });
  });
});

describe('ratePoints', () => {
  it('publishes both rates as Percent with the series dimensions', () => {
    // Act
    const points = ratePoints(
      { bounceRate: 0.05, complaintRate: 0.001 },
      { Provider: 'ses', SendingDomain: 'a.example' },
      '2026-03-14T02:15:00.000Z',
    );
    // Assert
    const dimensions = { Provider: 'ses', SendingDomain: 'a.example' };
    const timestamp = '2026-03-14T02:15:00.000Z';
    expect(points).toStrictEqual([
      { name: 'BounceRate', dimensions, value: 5, unit: 'Percent', timestamp },
      {
        name: 'ComplaintRate',
        dimensions,
        value: 0.1,
        unit: 'Percent',
        timestamp,
      },
    ]);
  });

  it('skips a null rate and leaves the timestamp unset when not given', () => {
    // Act / Assert
    expect(
      ratePoints({ bounceRate: null, complaintRate: 0 }, { Provider: 'cmc' }),
    ).toStrictEqual([
      {
        name: 'ComplaintRate',
        dimensions: { Provider: 'cmc' },
        value: 0,
        unit: 'Percent',
      },
    ]);
  });

  it('publishes nothing below the minimum volume', () => {
    // Act / Assert
    expect(ratePoints(null, { Provider: 'ses' })).toStrictEqual([]);
  });
});

describe('percentOf', () => {
  it('turns a config ratio into an exact percentage', () => {
    // Act / Assert
    expect([0.07, 0.001, 0.005, 1 / 3].map(percentOf)).toStrictEqual([
      7, 0.1, 0.5, 33.3333333333,
    ]);
  });
});

describe('rateWindow', () => {
  it('ends at now floored to 5 minutes and spans the window', () => {
    // Act / Assert
    expect(rateWindow('2026-03-14T02:17:31.123Z', 24)).toStrictEqual({
      start: '2026-03-13T02:15:00.000Z',
      end: '2026-03-14T02:15:00.000Z',
      periodSeconds: 300,
    });
  });

  it('keeps an already aligned end', () => {
    // Act / Assert
    expect(rateWindow('2026-03-14T02:20:00.000Z', 1).start).toBe(
      '2026-03-14T01:20:00.000Z',
    );
  });
});
