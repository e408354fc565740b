import { Duration } from 'aws-cdk-lib';

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  minute: 60,
  hour: 3600,
  day: 86_400,
};

/**
 * The interval of an EventBridge Scheduler `rate(N unit)` expression;
 * undefined for cron(...) expressions, whose interval is not fixed.
 * @example scheduleInterval('rate(15 minutes)') // 15 minutes
 */
export function scheduleInterval(schedule: string): Duration | undefined {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(schedule);
  if (!m) return undefined;
  return Duration.seconds(Number(m[1]) * (UNIT_SECONDS[m[2] as string] ?? 0));
}

/**
 * Alarm period for the published rates: at least an hour and at least two
 * schedule intervals (one late run must not leave a period empty and flip
 * the alarm to OK), a day for cron schedules, never above a day.
 */
export function ratesAlarmPeriod(schedule: string): Duration {
  const interval = scheduleInterval(schedule);
  if (!interval) return Duration.days(1);
  const seconds = Math.max(3600, 2 * interval.toSeconds());
  return Duration.seconds(Math.min(86_400, Math.ceil(seconds / 60) * 60));
}

/**
 * How long an archiver may go without a success before it alarms: two
 * schedule intervals plus an hour, or 26 hours for (daily) cron schedules.
 * @example archiverStaleAfter('rate(6 hours)') // 13 hours
 */
export function archiverStaleAfter(schedule: string): Duration {
  const interval = scheduleInterval(schedule);
  if (!interval) return Duration.hours(26);
  return Duration.seconds(2 * interval.toSeconds() + 3600);
}
