import { backoffDelayMs } from '../../core/backoff';
import { countPipeline } from '../../core/metrics/pipeline';
import type { MetricPoint } from '../../core/metrics/types';
import type { EmailEvent } from '../../core/schema';
import {
  InvalidAddressError,
  suppressionKey,
} from '../../core/suppressions/address';
import {
  isSuppressionCandidate,
  newlySuppressed,
} from '../../core/suppressions/candidates';
import type {
  SuppressionEntry,
  SuppressionRules,
} from '../../core/suppressions/entry';
import { applyEvent } from '../../core/suppressions/fold';
import { bestEffort } from '../best-effort';
import type { Log } from '../log';
import type { SuppressionStore } from './store';

/** What {@link recordSuppressions} needs. */
export interface SuppressionRecorderDeps {
  readonly store: SuppressionStore;
  readonly rules: SuppressionRules;
  /** Key recipients by keyed hash (privacy.hashRecipients). */
  readonly hmacKey?: string;
  /** Publishes metric points; a failure is logged, never thrown. */
  readonly publish: (points: readonly MetricPoint[]) => Promise<void>;
  readonly log: Log;
  /** Attempts per address on write conflicts. @default 5 */
  readonly maxAttempts?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
}

/** What one call did. */
export interface RecordOutcome {
  /** Addresses whose entry changed and was written. */
  readonly written: number;
  /** Addresses that became suppressed, with reason and provider. */
  readonly added: readonly { reason: string; provider: string }[];
  /** Addresses not written after every attempt, with their event_ids. */
  readonly failed: readonly {
    provider: string;
    eventIds: string[];
    error: string;
  }[];
  /** Candidate events whose recipient is no address (never stored). */
  readonly invalid: number;
}

const BACKOFF = { baseMs: 50, maxMs: 1000 };

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Candidate events grouped by address key, in arrival order. */
function groupByKey(
  events: readonly EmailEvent[],
  deps: SuppressionRecorderDeps,
): { groups: Map<string, EmailEvent[]>; invalid: number } {
  const groups = new Map<string, EmailEvent[]>();
  let invalid = 0;
  for (const event of events) {
    if (!isSuppressionCandidate(event, deps.rules)) continue;
    let key: string;
    try {
      key = suppressionKey(event.recipient, { hmacKey: deps.hmacKey });
    } catch (err) {
      if (!(err instanceof InvalidAddressError)) throw err;
      invalid++;
      continue;
    }
    const group = groups.get(key) ?? [];
    group.push({ ...event, recipient: key });
    groups.set(key, group);
  }
  return { groups, invalid };
}

type Applied =
  | { readonly kind: 'unchanged' }
  | {
      readonly kind: 'written';
      readonly before?: SuppressionEntry;
      readonly after: SuppressionEntry;
    };

/**
 * Read → fold every event → conditional write, again from a fresh read when
 * another writer won the race, with jittered backoff between attempts.
 */
async function applyToKey(
  key: string,
  events: readonly EmailEvent[],
  deps: SuppressionRecorderDeps,
): Promise<Applied> {
  const attempts = deps.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const before = await deps.store.get(key);
    const after = events.reduce<SuppressionEntry | undefined>(
      (entry, event) => applyEvent(entry, event, deps.rules),
      before,
    );
    if (after === before || after === undefined) return { kind: 'unchanged' };
    if (await deps.store.put(after, before?.version ?? 0))
      return { kind: 'written', before, after };
    if (attempt >= attempts) {
      throw new Error(`still conflicting after ${attempts} attempts`);
    }
    const random = (deps.random ?? Math.random)();
    await (deps.sleep ?? defaultSleep)(
      backoffDelayMs(attempt, BACKOFF, random),
    );
  }
}

/**
 * Folds the suppressing events of a batch into the suppression table: one
 * read and at most one conditional write per address; duplicates and
 * events that change nothing cost the read only, other events nothing.
 * Never throws: an address that cannot be written is logged with its
 * event_ids and counted (SuppressionWriteErrors), so ingestion goes on.
 * @example await recordSuppressions(events, { store, rules: {}, publish, log })
 */
export async function recordSuppressions(
  events: readonly EmailEvent[],
  deps: SuppressionRecorderDeps,
): Promise<RecordOutcome> {
  const { groups, invalid } = groupByKey(events, deps);
  const outcome = {
    written: 0,
    added: [] as { reason: string; provider: string }[],
    failed: [] as RecordOutcome['failed'][number][],
    invalid,
  };
  await Promise.all(
    [...groups].map(async ([key, group]) => {
      try {
        const applied = await applyToKey(key, group, deps);
        if (applied.kind === 'unchanged') return;
        outcome.written++;
        const added = newlySuppressed(applied.before, applied.after);
        if (added) {
          outcome.added.push({
            reason: added.reason!,
            provider: added.provider!,
          });
        }
      } catch (err) {
        outcome.failed.push({
          provider: group[0]!.provider,
          eventIds: group.map((e) => e.event_id),
          error:
            (err as Error).name === 'Error'
              ? (err as Error).message
              : (err as Error).name,
        });
      }
    }),
  );
  await report(outcome, deps);
  return outcome;
}

/** Logs failures (event_ids, never addresses) and publishes the counts. */
async function report(
  outcome: RecordOutcome,
  deps: SuppressionRecorderDeps,
): Promise<void> {
  const points: MetricPoint[] = outcome.added.map(({ reason, provider }) =>
    countPipeline('SuppressionsAdded', { Reason: reason, Provider: provider }),
  );
  for (const failure of outcome.failed) {
    deps.log.error('suppression not recorded', { ...failure });
    points.push(countPipeline('SuppressionWriteErrors', {}));
  }
  if (outcome.invalid > 0) {
    deps.log.warn('suppression candidates without a valid address', {
      count: outcome.invalid,
    });
  }
  if (points.length === 0) return;
  await bestEffort(
    () => deps.publish(points),
    deps.log,
    'metrics not published',
  );
}
