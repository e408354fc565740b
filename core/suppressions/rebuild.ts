import type {
  SuppressionEntry,
  SuppressionEvent,
  SuppressionRemoval,
  SuppressionRules,
} from './entry';
import { applyEvent, applyRemoval, byTime, compareText } from './fold';

/** A removal together with the address it removes. */
export interface AddressedRemoval extends SuppressionRemoval {
  readonly address: string;
}

/**
 * Rebuilds every entry from a history of events and removals, in time order
 * (a removal comes after the events that occurred up to its time). This is
 * the same fold the pipeline applies one event at a time; the local lake
 * uses it to answer from its events. A removal for an address with no entry
 * is ignored.
 * @example rebuildSuppressions(events, removals).get('ada@example.com')
 */
export function rebuildSuppressions(
  events: readonly SuppressionEvent[],
  removals: readonly AddressedRemoval[] = [],
  rules: SuppressionRules = {},
): Map<string, SuppressionEntry> {
  const entries = new Map<string, SuppressionEntry>();
  const sortedEvents = [...events].sort(byTime);
  const sortedRemovals = [...removals].sort((a, b) => compareText(a.at, b.at));
  const remove = (r: AddressedRemoval): void => {
    const entry = entries.get(r.address);
    if (entry) {
      entries.set(r.address, applyRemoval(entry, r));
    }
  };
  let next = 0;
  for (const event of sortedEvents) {
    while (
      next < sortedRemovals.length &&
      sortedRemovals[next]!.at < event.occurred_at
    ) {
      remove(sortedRemovals[next++]!);
    }
    const entry = applyEvent(entries.get(event.recipient), event, rules);
    if (entry) entries.set(event.recipient, entry);
  }
  for (const r of sortedRemovals.slice(next)) remove(r);
  return entries;
}
