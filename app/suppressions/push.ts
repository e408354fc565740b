import { backoffDelayMs } from '../../core/backoff';
import { PSEUDONYM_PREFIX } from '../../core/privacy';
import type {
  SuppressionEntry,
  SuppressionReason,
} from '../../core/suppressions/entry';
import { suppressionStatus } from '../../core/suppressions/status';
import type { Log } from '../log';

/** A provider's suppression list mailtrail can add an address to. */
export interface PushTarget {
  /** Key of the `pushed` mark, e.g. 'ses', 'mailgun'. */
  readonly name: string;
  /** Adds the address; idempotent at the provider. Throws on failure. */
  push(address: string, reason: SuppressionReason): Promise<void>;
}

/** What {@link pushSuppression} reads, writes and waits with. */
export interface PushDeps {
  readonly targets: readonly PushTarget[];
  /** The entry and its push marks (target → ISO time), or undefined. */
  readonly load: (
    key: string,
  ) => Promise<
    | { entry: SuppressionEntry; pushed: Readonly<Record<string, string>> }
    | undefined
  >;
  /** Sets the mark once; false when it was set already. */
  readonly markPushed: (
    key: string,
    target: string,
    at: string,
  ) => Promise<boolean>;
  readonly now: () => Date;
  readonly log: Log;
  /** Attempts per target before giving up. @default 4 */
  readonly maxAttempts?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
}

const BACKOFF = { baseMs: 200, maxMs: 5000 };

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

async function withRetries(
  run: () => Promise<void>,
  deps: PushDeps,
): Promise<void> {
  const attempts = deps.maxAttempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts) throw err;
      const random = (deps.random ?? Math.random)();
      await (deps.sleep ?? defaultSleep)(
        backoffDelayMs(attempt, BACKOFF, random),
      );
    }
  }
}

/**
 * Pushes one suppressed address to every enabled target that has not had it
 * yet, each with retries and backoff, then marks it pushed there, so a
 * target never gets the entry twice (a crash between the push and the mark
 * repeats one idempotent push at most). Hashed addresses cannot be pushed
 * and are skipped. Throws when a target still fails: the stream retries the
 * record, then sends it to the DLQ; targets that succeeded stay marked.
 * @example await pushSuppression('ada@example.com', deps)
 */
export async function pushSuppression(
  key: string,
  deps: PushDeps,
): Promise<string[]> {
  const stored = await deps.load(key);
  if (!stored) return [];
  const status = suppressionStatus(stored.entry);
  if (!status.suppressed) return [];
  if (key.startsWith(PSEUDONYM_PREFIX)) {
    deps.log.warn('hashed address not pushed', { key });
    return [];
  }
  const pending = deps.targets.filter((t) => !(t.name in stored.pushed));
  const failed: { target: string; error: string }[] = [];
  const done: string[] = [];
  for (const target of pending) {
    try {
      await withRetries(() => target.push(key, status.reason!), deps);
      await deps.markPushed(key, target.name, deps.now().toISOString());
      done.push(target.name);
    } catch (err) {
      failed.push({ target: target.name, error: (err as Error).message });
    }
  }
  if (failed.length > 0) {
    deps.log.error('suppression push failed', { failed });
    throw new Error(
      `push failed for ${failed.map((f) => f.target).join(', ')}`,
    );
  }
  return done;
}

/** One stream record: the entry's key (absent on records without one) and its id. */
export interface KeyRecord {
  readonly key: string | undefined;
  readonly id: string;
}

/**
 * {@link pushSuppression} for each record of a table-stream batch; returns
 * the ids of the records that failed, for the stream to retry (bisecting)
 * and then hand to the DLQ.
 * @example const failed = await pushStreamBatch([{ key, id }], deps)
 */
export async function pushStreamBatch(
  records: readonly KeyRecord[],
  deps: PushDeps,
): Promise<string[]> {
  const failed: string[] = [];
  for (const { key, id } of records) {
    if (key === undefined) continue;
    try {
      await pushSuppression(key, deps);
    } catch {
      failed.push(id);
    }
  }
  return failed;
}
