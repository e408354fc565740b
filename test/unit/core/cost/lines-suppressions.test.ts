import { describe, expect, it } from 'vitest';
import { suppressionLines } from '../../../../core/cost/lines-suppressions';
import { resolveCostInput } from '../../../../core/cost/model';
import { PRICES } from '../../../../core/cost/prices';
import { deriveTraffic } from '../../../../core/cost/traffic';

const US = PRICES['us-east-1'];

function lines(assumptions = {}) {
  const input = resolveCostInput({ eventsPerMonth: 10_000_000, assumptions });
  return suppressionLines(input, deriveTraffic(input), US);
}

const byItem = (all: ReturnType<typeof lines>, start: string) =>
  all.find((l) => l.item.startsWith(start))!;

describe('suppressionLines', () => {
  it('reads once per suppressing event and writes only new entries', () => {
    const all = lines({
      suppressionEventShare: 0.01,
      suppressionNewShare: 0.5,
      suppressionWruPerWrite: 2,
    });
    const reads = byItem(all, 'suppression reads');
    expect(reads.quantity).toBeCloseTo(100_000);
    expect(reads.usd).toBeCloseTo(0.1 * US.dynamoReadPerMillion.usd);
    expect(byItem(all, 'suppression writes').quantity).toBeCloseTo(100_000);
  });

  it('costs nothing for traffic without suppressing events', () => {
    const all = lines({
      suppressionEventShare: 0,
      suppressedAddresses: 0,
      suppressionChecksPerMonth: 0,
    });
    expect(all.reduce((s, l) => s + l.usd, 0)).toBe(0);
  });

  it('prices storage, PITR and checks', () => {
    const all = lines({
      suppressedAddresses: 1_000_000,
      suppressionItemBytes: 1000,
      suppressionChecksPerMonth: 1_000_000,
    });
    expect(byItem(all, 'suppression table storage').quantity).toBe(1);
    expect(byItem(all, 'suppression table point-in-time').usd).toBeCloseTo(
      US.dynamoPitrGbMonth.usd,
    );
    expect(byItem(all, 'suppression checks').usd).toBeCloseTo(
      US.apiGatewayHttpPerMillion.usd,
    );
    const lambda = byItem(all, 'suppression check requests');
    expect(lambda.usd).toBeGreaterThan(US.lambdaRequestsPerMillion.usd);
    expect(lambda.usd).toBeLessThan(1);
  });
});
