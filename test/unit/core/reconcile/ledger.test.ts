import { describe, expect, it } from 'vitest';
import {
  dayTimestamp,
  ledgerDayPoints,
  ledgerWindow,
  missedAlarmExpression,
  missedShareExceeded,
  parseLedgerRow,
} from '../../../../core/reconcile/ledger';

const cells = (over: Record<string, string> = {}) => ({
  provider: 'mailgun',
  dt: '2026-03-02',
  webhook_events: '999',
  archive_events: '1000',
  only_in_archive: '1',
  only_in_webhook: '0',
  coverage: 'true',
  ...over,
});

describe('parseLedgerRow', () => {
  it('reads Athena text cells into counts and a boolean', () => {
    expect(parseLedgerRow(cells({ coverage: 'false' }))).toStrictEqual({
      provider: 'mailgun',
      dt: '2026-03-02',
      webhook_events: 999,
      archive_events: 1000,
      only_in_archive: 1,
      only_in_webhook: 0,
      coverage: false,
    });
  });

  it.each([
    [{ only_in_archive: '' }, /only_in_archive is not a count/],
    [{ webhook_events: '-1' }, /webhook_events is not a count/],
    [{ archive_events: '1.5' }, /archive_events is not a count/],
    [{ coverage: 'yes' }, /coverage is not a boolean/],
    [{ provider: '' }, /provider or dt missing/],
    [{ dt: '' }, /provider or dt missing/],
  ])('refuses %o', (over, error) => {
    expect(() => parseLedgerRow(cells(over))).toThrow(error);
  });

  it('refuses a row without a count column', () => {
    const { only_in_webhook: _, ...row } = cells();
    expect(() => parseLedgerRow(row)).toThrow(/only_in_webhook/);
  });
});

describe('ledgerDayPoints', () => {
  it('publishes only days the archive has covered', () => {
    const rows = [
      cells({ dt: '2026-03-01', only_in_archive: '3' }),
      cells({ dt: '2026-03-02', only_in_archive: '5', coverage: 'false' }),
      cells({ provider: 'cmc', dt: '2026-03-01', only_in_archive: '0' }),
    ].map(parseLedgerRow);
    expect(ledgerDayPoints(rows)).toStrictEqual([
      { provider: 'mailgun', dt: '2026-03-01', missed: 3, events: 1002 },
      { provider: 'cmc', dt: '2026-03-01', missed: 0, events: 999 },
    ]);
  });
});

describe('missedShareExceeded', () => {
  it.each([
    // missed, events, share, exceeded
    [0, 0, 0.001, false], // nothing missed never alarms
    [1, 1000, 0.001, false], // exactly 0.1 % is not above it
    [2, 1000, 0.001, true],
    [1, 999, 0.001, true],
    [1, 100, 0, true], // share 0: any miss
    [1, 1, 1, false], // share 1: never above all events
  ])('%i of %i at share %d → %s', (missed, events, share, exceeded) => {
    expect(missedShareExceeded({ missed, events }, share)).toBe(exceeded);
  });

  it('is what the alarm expression computes', () => {
    expect(missedAlarmExpression('m', 'e', 0.001)).toBe(
      'IF(m >= 1 AND m > 0.001 * e, 1, 0)',
    );
  });
});

describe('ledgerWindow', () => {
  it('covers the last N days, today included', () => {
    const now = new Date('2026-03-10T06:00:00Z');
    expect(ledgerWindow(7, now)).toStrictEqual({
      from_dt: '2026-03-04',
      to_dt: '2026-03-10',
    });
    expect(ledgerWindow(1, now)).toStrictEqual({
      from_dt: '2026-03-10',
      to_dt: '2026-03-10',
    });
  });

  it('refuses a non-positive day count', () => {
    expect(() => ledgerWindow(0, new Date())).toThrow(/whole number/);
  });

  it('stamps a day at its noon (UTC)', () => {
    expect(dayTimestamp('2026-03-04').toISOString()).toBe(
      '2026-03-04T12:00:00.000Z',
    );
  });
});
