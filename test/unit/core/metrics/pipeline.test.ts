import { describe, expect, it } from 'vitest';
import {
  countPipeline,
  PIPELINE_METRICS,
} from '../../../../core/metrics/pipeline';
import { METRIC_NAMESPACE } from '../../../../core/metrics/types';
import { countPoint } from '../../../helpers/metric-points';

describe('countPipeline', () => {
  it('builds a Count point of 1 by default', () => {
    // Act / Assert
    expect(countPipeline('WebhookRequests', { Provider: 'cmc' })).toStrictEqual(
      countPoint('WebhookRequests', { Provider: 'cmc' }, 1),
    );
  });

  it('takes an explicit value', () => {
    // Act
    const point = countPipeline(
      'ArchiverRecords',
      { Archiver: 'mailgun-events' },
      300,
    );
    // Assert
    expect(point.value).toBe(300);
  });

  it('copies the dimensions so later edits do not leak into the point', () => {
    // Arrange
    const dims = { Archiver: 'cmc-lists' };
    // Act
    const point = countPipeline('ArchiverLastSuccess', dims);
    dims.Archiver = 'changed';
    // Assert
    expect(point.dimensions).toStrictEqual({ Archiver: 'cmc-lists' });
  });

  it('names every counter after its key', () => {
    // Assert
    for (const [key, name] of Object.entries(PIPELINE_METRICS)) {
      expect(name).toBe(key);
    }
  });

  it('publishes under the Mailtrail namespace', () => {
    // Assert
    expect(METRIC_NAMESPACE).toBe('Mailtrail');
  });
});
