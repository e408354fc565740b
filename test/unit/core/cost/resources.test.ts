import { describe, expect, it } from 'vitest';
import {
  BILLED_RESOURCE_TYPES,
  UNBILLED_RESOURCE_TYPES,
} from '../../../../core/cost/resources';

// test/cdk/cost-coverage.test.ts checks these lists against the default template.
describe('resource type lists', () => {
  it('puts no type in both lists and gives every unbilled type a reason', () => {
    const both = Object.keys(BILLED_RESOURCE_TYPES).filter(
      (t) => t in UNBILLED_RESOURCE_TYPES,
    );
    expect(both).toStrictEqual([]);
    for (const reason of Object.values(UNBILLED_RESOURCE_TYPES)) {
      expect(reason.length).toBeGreaterThan(3);
    }
  });
});
