import { describe, expect, it } from 'vitest';
import {
  archiverStaleAfter,
  ratesAlarmPeriod,
  scheduleInterval,
} from '../../../lib/constructs/monitoring-periods';

describe('scheduleInterval', () => {
  it.each([
    ['rate(15 minutes)', 900],
    ['rate(1 minute)', 60],
    ['rate(6 hours)', 21_600],
    ['rate(1 day)', 86_400],
  ])('reads %s as %i s', (schedule, seconds) => {
    // Act / Assert
    expect(scheduleInterval(schedule)?.toSeconds()).toBe(seconds);
  });

  it('has no fixed interval for a cron expression', () => {
    // Act / Assert
    expect(scheduleInterval('cron(30 1 * * ? *)')).toBeUndefined();
  });
});

describe('ratesAlarmPeriod', () => {
  it.each([
    ['rate(15 minutes)', 3600],
    ['rate(2 hours)', 14_400],
    ['rate(1 day)', 86_400],
    ['cron(0 * * * ? *)', 86_400],
  ])('uses %s → %i s', (schedule, seconds) => {
    // Act / Assert
    expect(ratesAlarmPeriod(schedule).toSeconds()).toBe(seconds);
  });
});

describe('archiverStaleAfter', () => {
  it.each([
    ['rate(1 hour)', 3],
    ['rate(6 hours)', 13],
    ['cron(30 1 * * ? *)', 26],
  ])('allows %s %i hours without success', (schedule, hours) => {
    // Act / Assert
    expect(archiverStaleAfter(schedule).toHours()).toBe(hours);
  });
});
