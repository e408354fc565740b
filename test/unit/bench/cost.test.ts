import { describe, expect, it } from 'vitest';
import { AFTER, BEFORE, costTable } from '../../../bench/cost';
import { estimateCost } from '../../../core/cost/model';

describe('bench cost section', () => {
  it('prints the before and after bills the model computes, in one table', () => {
    // Act
    const { rows, text } = costTable([1e6, 1e7]);
    // Assert
    const before1M = estimateCost({ ...BEFORE, eventsPerMonth: 1e6 });
    const after10M = estimateCost({
      ...Object.values(AFTER)[0],
      eventsPerMonth: 1e7,
    });
    expect(rows).toHaveLength(3);
    expect(rows[0]![1]).toBe(`$${before1M.totalUsd.toFixed(2)}`);
    expect(rows[1]![2]).toBe(`$${after10M.totalUsd.toFixed(2)}`);
    expect(rows[1]![3]).toBe(
      `$${after10M.margins.perMillionWebhookEventsUsd!.toFixed(2)}`,
    );
    expect(text).toContain('before: PutMetricData, X-Ray, SES via SNS');
    expect(text).toContain('+1M webhook @10M');
  });
});
