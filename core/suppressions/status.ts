import type { Provider } from '../schema';
import type {
  SuppressionCause,
  SuppressionEntry,
  SuppressionReason,
} from './entry';
import { lastRemovalAt } from './fold';

/** What `check`, `list` and the API answer for one address. */
export interface SuppressionStatus {
  readonly address: string;
  readonly suppressed: boolean;
  /** The first reason since the latest removal; null when not suppressed. */
  readonly reason: SuppressionReason | null;
  readonly provider: Provider | null;
  /** When that first cause occurred. */
  readonly since: string | null;
  readonly event_id: string | null;
  readonly smtp_code: number | null;
  readonly smtp_status: string | null;
  readonly diagnostic: string | null;
  /** Earliest and latest suppressing event ever seen (null: none yet). */
  readonly first_seen: string | null;
  readonly last_seen: string | null;
  /** Suppressing events recorded for the address. */
  readonly causes: number;
  /** The latest explicit removal, if any. */
  readonly removed_at: string | null;
  readonly removed_by: string | null;
}

function activeCause(entry: SuppressionEntry): SuppressionCause | undefined {
  const removedAt = lastRemovalAt(entry);
  return entry.causes.find((c) => c.occurred_at > removedAt);
}

/**
 * The status of an address from its entry: suppressed while some cause
 * occurred after the latest removal; reason, provider and since come from the
 * first such cause.
 * @example suppressionStatus(entry).suppressed
 */
export function suppressionStatus(
  entry: SuppressionEntry | undefined,
  address = entry?.address ?? '',
): SuppressionStatus {
  const cause = entry && activeCause(entry);
  const removal = entry?.removals.at(-1);
  return {
    address,
    suppressed: cause !== undefined,
    reason: cause?.reason ?? null,
    provider: cause?.provider ?? null,
    since: cause?.occurred_at ?? null,
    event_id: cause?.event_id ?? null,
    smtp_code: cause?.smtp_code ?? null,
    smtp_status: cause?.smtp_status ?? null,
    diagnostic: cause?.diagnostic ?? null,
    first_seen: entry?.causes[0]?.occurred_at ?? null,
    last_seen: entry?.causes.at(-1)?.occurred_at ?? null,
    causes: entry?.causes.length ?? 0,
    removed_at: removal?.at ?? null,
    removed_by: removal?.by ?? null,
  };
}
