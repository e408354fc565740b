import { describe, expect, it } from 'vitest';
import { mergePoints } from '../../../../core/metrics/merge';
import { countPipeline } from '../../../../core/metrics/pipeline';
import type { MetricPoint } from '../../../../core/metrics/types';
import { countPoint as count } from '../../../helpers/metric-points';

describe('mergePoints', () => {
  it('sums counts with the same name and dimensions in any key order', () => {
    // Arrange
    const points = [
      count('Delivered', { Provider: 'ses', SendingDomain: 'a.example' }, 2),
      count('Delivered', { SendingDomain: 'a.example', Provider: 'ses' }, 3),
    ];
    // Act / Assert
    expect(mergePoints(points)).toStrictEqual([
      count('Delivered', { Provider: 'ses', SendingDomain: 'a.example' }, 5),
    ]);
  });

  it('keeps different names, dimensions and timestamps apart in first-seen order', () => {
    // Arrange
    const points = [
      count('Delivered', { Provider: 'ses' }),
      count('Accepted', { Provider: 'ses' }),
      count('Delivered', { Provider: 'cmc' }),
      count('Delivered', { Provider: 'ses' }, 1, '2026-03-14T00:00:00.000Z'),
      count('Delivered', { Provider: 'ses' }),
    ];
    // Act / Assert
    expect(mergePoints(points)).toStrictEqual([
      count('Delivered', { Provider: 'ses' }, 2),
      count('Accepted', { Provider: 'ses' }),
      count('Delivered', { Provider: 'cmc' }),
      count('Delivered', { Provider: 'ses' }, 1, '2026-03-14T00:00:00.000Z'),
    ]);
  });

  it('passes non-Count points through unmerged', () => {
    // Arrange
    const rate: MetricPoint = {
      name: 'BounceRate',
      dimensions: { Provider: 'ses' },
      value: 4,
      unit: 'Percent',
    };
    // Act / Assert
    expect(mergePoints([rate, rate])).toStrictEqual([rate, rate]);
  });

  it('folds repeated pipeline counters into one datum', () => {
    // Arrange
    const points = [
      countPipeline('WebhookRejected', {
        Provider: 'mailgun',
        Reason: 'stale',
      }),
      countPipeline('WebhookRejected', {
        Provider: 'mailgun',
        Reason: 'stale',
      }),
      countPipeline('WebhookRejected', {
        Provider: 'mailgun',
        Reason: 'mismatch',
      }),
    ];
    // Act / Assert
    expect(mergePoints(points)).toStrictEqual([
      count('WebhookRejected', { Provider: 'mailgun', Reason: 'stale' }, 2),
      count('WebhookRejected', { Provider: 'mailgun', Reason: 'mismatch' }),
    ]);
  });
});
