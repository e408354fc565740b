import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../../core/errors';
import {
  dimensionSets,
  isDomainRateSet,
  parseMetricDimensions,
} from '../../../../core/metrics/dimensions';

describe('dimensionSets', () => {
  it.each([
    [
      ['Provider', 'SendingDomain'],
      [['Provider'], ['Provider', 'SendingDomain']],
    ],
    [
      ['SendingDomain', 'Provider'],
      [['Provider'], ['Provider', 'SendingDomain']],
    ],
    [['Provider'], [['Provider']]],
    [['SendingDomain'], [['SendingDomain']]],
    [[], [[]]],
  ] as const)('maps %j with listed domains to %j', (dims, expected) => {
    // Act / Assert
    expect(dimensionSets(dims, true)).toStrictEqual(expected);
  });

  it.each([
    [['Provider', 'SendingDomain'], [['Provider']]],
    [['SendingDomain'], [['SendingDomain']]],
    [['Provider'], [['Provider']]],
  ] as const)(
    'maps %j without listed domains to %j (no per-domain set)',
    (dims, expected) => {
      // Act / Assert
      expect(dimensionSets(dims, false)).toStrictEqual(expected);
    },
  );
});

describe('isDomainRateSet', () => {
  it('is true only for the set with both Provider and SendingDomain', () => {
    // Act / Assert
    expect(isDomainRateSet(['Provider', 'SendingDomain'])).toBe(true);
    expect(isDomainRateSet(['SendingDomain'])).toBe(false);
    expect(isDomainRateSet(['Provider'])).toBe(false);
  });
});

describe('parseMetricDimensions', () => {
  it('parses a comma-separated list with spaces', () => {
    // Act / Assert
    expect(parseMetricDimensions('Provider, SendingDomain')).toStrictEqual([
      'Provider',
      'SendingDomain',
    ]);
  });

  it('parses an empty value as no dimensions', () => {
    // Act / Assert
    expect(parseMetricDimensions('')).toStrictEqual([]);
  });

  it('throws a config PipelineError on an unknown name', () => {
    // Act
    const act = () => parseMetricDimensions('Provider,Domain');
    // Assert
    expect(act).toThrow(PipelineError);
    expect(act).toThrow("unknown metric dimension 'Domain'");
  });
});
