import { describe, expect, it } from 'vitest';
import { reconciliationLines } from '../../../../core/cost/lines-reconciliation';
import { estimateCost, resolveCostInput } from '../../../../core/cost/model';
import { PRICES } from '../../../../core/cost/prices';

const US = PRICES['us-east-1'];
const TIB = 1024 ** 4;

describe('reconciliationLines', () => {
  it('prices nothing when no archiver is on', () => {
    const input = resolveCostInput({ eventsPerMonth: 1e6 });
    expect(reconciliationLines(input, US)).toStrictEqual([]);
    expect(
      estimateCost({ eventsPerMonth: 1e6 }).lines.some((l) =>
        l.item.includes('reconciliation'),
      ),
    ).toBe(false);
  });

  it('prices the daily runs, the scan of N + 2 days, two metrics and alarm metrics per provider', () => {
    const input = resolveCostInput({
      eventsPerMonth: 30.4167e6,
      reconciledProviders: 2,
      assumptions: { parquetBytesPerEvent: 100 },
    });
    const lines = Object.fromEntries(
      reconciliationLines(input, US).map((l) => [l.item, l]),
    );
    expect(lines['reconciliation runs (daily)']!.quantity).toBeCloseTo(30.4167);
    expect(lines['reconciliation runs']!.service).toBe('EventBridge Scheduler');
    // 1M events a day × 100 B, 9 days, 0.7 of it, 30.4 runs.
    const scanned = (30.4167 * 9 * 1e6 * 100 * 0.7) / TIB;
    const athena = lines['reconciliation query (7 + 2 days a run)']!;
    expect(athena.quantity).toBeCloseTo(scanned, 6);
    expect(athena.usd).toBeCloseTo(scanned * 5, 6);
    expect(
      lines['missed-webhook alarms (metric math, 2 metrics each)']!,
    ).toMatchObject({ quantity: 4, usd: 0.4 });
    const metrics = lines['ledger metrics (EMF, a point a day per provider)']!;
    expect(metrics.quantity).toBeGreaterThan(0);
    expect(metrics.quantity).toBeLessThan(4);
    expect(lines['reconciliation duration (arm64)']!.quantity).toBeCloseTo(
      (30.4167 * 20 * 256) / 1024,
      3,
    );
  });

  it('bills at least Athena’s 10 MB per query on a small lake', () => {
    const input = resolveCostInput({
      eventsPerMonth: 10,
      reconciledProviders: 1,
    });
    const athena = reconciliationLines(input, US).find(
      (l) => l.service === 'Athena',
    )!;
    expect(athena.quantity * TIB).toBeCloseTo(30.4167 * 10 * 1024 ** 2, 0);
  });

  it('refuses a negative provider count', () => {
    expect(() =>
      resolveCostInput({ eventsPerMonth: 1, reconciledProviders: -1 }),
    ).toThrow(/reconciledProviders/);
  });
});
