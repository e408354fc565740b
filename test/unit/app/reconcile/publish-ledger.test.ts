import { describe, expect, it } from 'vitest';
import {
  type LedgerQuery,
  publishLedger,
} from '../../../../app/reconcile/publish-ledger';
import type { LedgerDayPoint } from '../../../../core/reconcile/ledger';

const row = (
  provider: string,
  dt: string,
  webhook: number,
  missed: number,
  coverage: boolean,
) => ({
  provider,
  dt,
  webhook_events: String(webhook),
  archive_events: String(webhook + missed),
  only_in_archive: String(missed),
  only_in_webhook: '0',
  coverage: String(coverage),
});

function fakeQuery(rows: Record<string, string>[]) {
  const calls: { from_dt: string; to_dt: string }[] = [];
  const query: LedgerQuery = {
    async run(params) {
      calls.push(params);
      return rows;
    },
  };
  return { query, calls };
}

describe('publishLedger', () => {
  const now = new Date('2026-03-10T06:00:00Z');

  it('queries the last N days and publishes covered days only', async () => {
    const { query, calls } = fakeQuery([
      row('mailgun', '2026-03-08', 1000, 2, true),
      row('mailgun', '2026-03-09', 500, 0, true),
      // Not covered yet: its 40 "misses" may still arrive by archive.
      row('mailgun', '2026-03-10', 10, 40, false),
      row('cmc', '2026-03-09', 999, 1, true),
    ]);
    const published: LedgerDayPoint[] = [];
    const summary = await publishLedger(
      query,
      { publish: (p) => void published.push(...p) },
      { days: 3, missedShare: 0.001, now },
    );
    expect(calls).toStrictEqual([
      { from_dt: '2026-03-08', to_dt: '2026-03-10' },
    ]);
    expect(published).toStrictEqual([
      { provider: 'mailgun', dt: '2026-03-08', missed: 2, events: 1002 },
      { provider: 'mailgun', dt: '2026-03-09', missed: 0, events: 500 },
      { provider: 'cmc', dt: '2026-03-09', missed: 1, events: 1000 },
    ]);
    expect(summary).toStrictEqual({
      from_dt: '2026-03-08',
      to_dt: '2026-03-10',
      rows: 4,
      covered: 3,
      missed: 3,
      // 2 of 1002 > 0.1 %; 1 of 1000 is exactly 0.1 %, not above it.
      daysOverShare: [{ provider: 'mailgun', dt: '2026-03-08' }],
    });
  });

  it('publishes nothing when no day is covered, and fails on a bad row', async () => {
    const published: LedgerDayPoint[][] = [];
    const metrics = {
      publish: (p: readonly LedgerDayPoint[]) => void published.push([...p]),
    };
    const none = await publishLedger(
      fakeQuery([row('cmc', '2026-03-10', 1, 1, false)]).query,
      metrics,
      { days: 1, missedShare: 0.001, now },
    );
    expect(none.covered).toBe(0);
    expect(published).toStrictEqual([[]]);
    await expect(
      publishLedger(
        fakeQuery([{ ...row('cmc', '2026-03-10', 1, 1, true), coverage: '' }])
          .query,
        metrics,
        { days: 1, missedShare: 0.001, now },
      ),
    ).rejects.toThrow(/coverage/);
    expect(published).toHaveLength(1);
  });
});
