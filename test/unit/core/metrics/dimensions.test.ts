import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../../core/errors';
import {
  dimensionSets,
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
  ] as const)('maps %j to %j', (dims, expected) => {
    // Act / Assert
    expect(dimensionSets(dims)).toStrictEqual(expected);
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
