import {
  type CountedSoftBounce,
  DEFAULT_SOFT_BOUNCE_WINDOW_DAYS,
  type SuppressionCause,
  type SuppressionEntry,
  type SuppressionEvent,
  type SuppressionReason,
  type SuppressionRemoval,
  type SuppressionRules,
} from './entry';

/**
 * Causes kept per entry: the first and the latest ones. An address stops
 * receiving mail once suppressed, so real entries stay far below this; the
 * cap keeps a DynamoDB item well under its 400 KB limit whatever happens.
 */
export const MAX_CAUSES = 50;

const DAY_MS = 86_400_000;

/** The reason an event suppresses its recipient, or null when it does not. */
export function suppressingReason(
  event: Pick<SuppressionEvent, 'event_type' | 'bounce_type'>,
): SuppressionReason | null {
  if (event.event_type === 'bounced' && event.bounce_type === 'hard') {
    return 'hard_bounce';
  }
  if (event.event_type === 'complained') return 'complaint';
  if (event.event_type === 'unsubscribed') return 'unsubscribe';
  return null;
}

function softThreshold(rules: SuppressionRules): number {
  return rules.softBounceThreshold ?? 0;
}

/** Code-unit order: canonical timestamps and hex ids sort as text. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By occurred_at, ties broken on event_id: one order whatever the arrival. */
export function byTime<T extends { occurred_at: string; event_id: string }>(
  a: T,
  b: T,
): number {
  return (
    compareText(a.occurred_at, b.occurred_at) ||
    compareText(a.event_id, b.event_id)
  );
}

/** When the latest removal happened, or '' when there was none. */
export function lastRemovalAt(entry: SuppressionEntry): string {
  return entry.removals.at(-1)?.at ?? '';
}

/** The latest of some canonical timestamps ('' for none). */
function latest(...times: readonly (string | null)[]): string {
  return times.reduce<string>((a, b) => (b !== null && b > a ? b : a), '');
}

/** Soft bounces count only after the latest removal and delivery. */
function runStart(entry: SuppressionEntry): string {
  return latest(lastRemovalAt(entry), entry.soft_run_after);
}

function capCauses(
  causes: readonly SuppressionCause[],
): readonly SuppressionCause[] {
  if (causes.length <= MAX_CAUSES) return causes;
  return [causes[0]!, ...causes.slice(causes.length - MAX_CAUSES + 1)];
}

function causeOf(
  event: SuppressionEvent,
  reason: SuppressionReason,
): SuppressionCause {
  return {
    reason,
    provider: event.provider,
    event_id: event.event_id,
    occurred_at: event.occurred_at,
    source: event.source,
    smtp_code: event.smtp_code,
    smtp_status: event.smtp_status,
    diagnostic: event.diagnostic,
  };
}

function withCause(
  entry: SuppressionEntry,
  cause: SuppressionCause,
  softBounces: readonly CountedSoftBounce[] = entry.soft_bounces,
): SuppressionEntry {
  return {
    ...entry,
    causes: capCauses([...entry.causes, cause].sort(byTime)),
    soft_bounces: softBounces,
  };
}

/** The run of soft bounces after adding one, pruned to the window. */
function softRun(
  entry: SuppressionEntry,
  event: SuppressionEvent,
  rules: SuppressionRules,
): CountedSoftBounce[] {
  const days = rules.softBounceWindowDays ?? DEFAULT_SOFT_BOUNCE_WINDOW_DAYS;
  const all = [
    ...entry.soft_bounces,
    { event_id: event.event_id, occurred_at: event.occurred_at },
  ].sort(byTime);
  const newest = Date.parse(all.at(-1)!.occurred_at);
  const after = runStart(entry);
  return all.filter(
    (s) =>
      s.occurred_at > after &&
      newest - Date.parse(s.occurred_at) <= days * DAY_MS,
  );
}

function applySoftBounce(
  entry: SuppressionEntry,
  event: SuppressionEvent,
  rules: SuppressionRules,
): SuppressionEntry {
  const run = softRun(entry, event, rules);
  const counted = run.some((s) => s.event_id === event.event_id);
  if (counted && run.length >= softThreshold(rules)) {
    return withCause(entry, causeOf(event, 'soft_bounces'), run);
  }
  return { ...entry, soft_bounces: run };
}

function isKnown(entry: SuppressionEntry, eventId: string): boolean {
  return (
    entry.causes.some((c) => c.event_id === eventId) ||
    entry.soft_bounces.some((s) => s.event_id === eventId)
  );
}

function emptyEntry(address: string): SuppressionEntry {
  return {
    address,
    causes: [],
    removals: [],
    soft_bounces: [],
    soft_run_after: null,
    version: 0,
  };
}

function unchanged(a: SuppressionEntry, b: SuppressionEntry): boolean {
  return (
    JSON.stringify([a.causes, a.removals, a.soft_bounces, a.soft_run_after]) ===
    JSON.stringify([b.causes, b.removals, b.soft_bounces, b.soft_run_after])
  );
}

/** `next` with the version bumped, or `entry` itself when nothing changed. */
function settle(
  entry: SuppressionEntry | undefined,
  next: SuppressionEntry,
): SuppressionEntry | undefined {
  const base = entry ?? emptyEntry(next.address);
  if (unchanged(base, next)) return entry;
  return { ...next, version: base.version + 1 };
}

/**
 * Folds one canonical event into the entry of its recipient. Returns the
 * same object when nothing changes (a duplicate or replayed event_id, an
 * event that does not suppress), so a writer skips the write; `undefined`
 * stays `undefined` for an address with nothing to record.
 *
 * - a hard bounce, a complaint or an unsubscribe adds a cause;
 * - with `softBounceThreshold` set, soft bounces within the window are
 *   counted and the one reaching the threshold adds a `soft_bounces` cause;
 *   a delivery ends the run;
 * - a delivery never lifts a suppression.
 * @example entry = applyEvent(entry, event)
 */
export function applyEvent(
  entry: SuppressionEntry | undefined,
  event: SuppressionEvent,
  rules: SuppressionRules = {},
): SuppressionEntry | undefined {
  if (entry && entry.address !== event.recipient) {
    throw new Error(
      `event ${event.event_id} is for another address than its entry`,
    );
  }
  if (entry && isKnown(entry, event.event_id)) return entry;
  const base = entry ?? emptyEntry(event.recipient);
  const reason = suppressingReason(event);
  if (reason) return settle(entry, withCause(base, causeOf(event, reason)));
  if (softThreshold(rules) <= 0) return entry;
  if (event.event_type === 'bounced' && event.bounce_type === 'soft') {
    return settle(entry, applySoftBounce(base, event, rules));
  }
  if (event.event_type === 'delivered' && entry) {
    const after = latest(entry.soft_run_after, event.occurred_at);
    const run = entry.soft_bounces.filter((s) => s.occurred_at > after);
    return settle(entry, {
      ...entry,
      soft_bounces: run,
      soft_run_after: after,
    });
  }
  return entry;
}

/**
 * Records an explicit removal. The address is no longer suppressed by any
 * cause that occurred before `removal.at`; a cause that occurs after it
 * (a new hard bounce, complaint or unsubscribe) suppresses it again. The same
 * removal recorded twice is kept once.
 * @example entry = applyRemoval(entry, { at, by: 'cli:ada', reason: 'fixed typo' })
 */
export function applyRemoval(
  entry: SuppressionEntry,
  removal: SuppressionRemoval,
): SuppressionEntry {
  const removals = [...entry.removals, removal].sort((a, b) =>
    compareText(a.at, b.at),
  );
  const seen = new Set<string>();
  const unique = removals.filter((r) => {
    const key = JSON.stringify([r.at, r.by, r.reason]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const at = unique.at(-1)!.at;
  const next: SuppressionEntry = {
    ...entry,
    removals: unique,
    soft_bounces: entry.soft_bounces.filter((s) => s.occurred_at > at),
  };
  return settle(entry, next)!;
}
