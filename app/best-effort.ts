import type { Log } from './log';

/**
 * Runs a step whose failure must not fail the caller (metrics, evidence of
 * a request already answered): a failure is logged with the error's name,
 * never its message (it may quote a payload), and swallowed.
 * @example await bestEffort(() => deps.publish(points), log, 'metrics not published', { provider })
 */
export async function bestEffort(
  task: () => Promise<unknown>,
  log: Log | undefined,
  message: string,
  fields: Record<string, unknown> = {},
  level: 'warn' | 'error' = 'warn',
): Promise<void> {
  try {
    await task();
  } catch (err) {
    const error = err instanceof Error ? err.name : typeof err;
    log?.[level](message, { ...fields, error });
  }
}
