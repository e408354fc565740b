import type {
  SuppressionEntry,
  SuppressionEvent,
  SuppressionRules,
} from './entry';
import { suppressingReason } from './fold';
import { type SuppressionStatus, suppressionStatus } from './status';

/**
 * Whether an event can change a suppression entry, so the pipeline touches
 * the table only for these: a hard bounce, a complaint, an unsubscribe; with
 * the soft-bounce threshold on, also soft bounces and deliveries (a delivery
 * ends a run of soft bounces). Everything else costs nothing.
 * @example events.filter((e) => isSuppressionCandidate(e, rules))
 */
export function isSuppressionCandidate(
  event: Pick<SuppressionEvent, 'event_type' | 'bounce_type'>,
  rules: SuppressionRules = {},
): boolean {
  if (suppressingReason(event) !== null) return true;
  if ((rules.softBounceThreshold ?? 0) <= 0) return false;
  return (
    (event.event_type === 'bounced' && event.bounce_type === 'soft') ||
    event.event_type === 'delivered'
  );
}

/**
 * The new status when a change suppressed an address that was not
 * suppressed before ("suppression added", counted once per address), else
 * null.
 * @example newlySuppressed(before, after)?.reason // 'hard_bounce'
 */
export function newlySuppressed(
  before: SuppressionEntry | undefined,
  after: SuppressionEntry | undefined,
): SuppressionStatus | null {
  if (suppressionStatus(before).suppressed) return null;
  const status = suppressionStatus(after);
  return status.suppressed ? status : null;
}
