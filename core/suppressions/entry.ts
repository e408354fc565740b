import type { EmailEvent, Provider, Source } from '../schema';

/**
 * Why an address is suppressed. `soft_bounces` comes only from the optional
 * soft-bounce threshold (off by default).
 */
export const SUPPRESSION_REASONS = [
  'hard_bounce',
  'complaint',
  'unsubscribe',
  'soft_bounces',
] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** The fields of a canonical event the suppression rules read. */
export type SuppressionEvent = Pick<
  EmailEvent,
  | 'event_id'
  | 'provider'
  | 'event_type'
  | 'bounce_type'
  | 'occurred_at'
  | 'recipient'
  | 'source'
  | 'smtp_code'
  | 'smtp_status'
  | 'diagnostic'
>;

/** One event that suppresses the address. */
export interface SuppressionCause {
  readonly reason: SuppressionReason;
  readonly provider: Provider;
  readonly event_id: string;
  readonly occurred_at: string;
  readonly source: Source;
  readonly smtp_code: number | null;
  readonly smtp_status: string | null;
  readonly diagnostic: string | null;
}

/** An explicit removal: who or what removed the address, when and why. */
export interface SuppressionRemoval {
  /** ISO 8601 UTC with milliseconds. */
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

/** A soft bounce counted toward the optional threshold. */
export interface CountedSoftBounce {
  readonly event_id: string;
  readonly occurred_at: string;
}

/**
 * Everything known about one address; one entry per address, ever. Plain
 * JSON, so it is stored as one DynamoDB item (partition key `address`) or one
 * local record alike.
 */
export interface SuppressionEntry {
  /** Lower-cased address, or `hmac:…` when recipients are hashed. */
  readonly address: string;
  /**
   * Suppressing events by occurred_at (then event_id), each event_id once.
   * `causes[0]` is the first reason; the rest is its history.
   */
  readonly causes: readonly SuppressionCause[];
  /** Explicit removals by time. */
  readonly removals: readonly SuppressionRemoval[];
  /** The current run of soft bounces (threshold rule only). */
  readonly soft_bounces: readonly CountedSoftBounce[];
  /**
   * The latest delivery seen while the threshold rule is on: it ends a run,
   * and a soft bounce from before it never counts again (even replayed).
   */
  readonly soft_run_after: string | null;
  /** +1 on every change: the condition of an optimistic write. */
  readonly version: number;
}

/** The optional rules; all off by default. */
export interface SuppressionRules {
  /** Suppress after this many consecutive soft bounces (0 or unset: off). */
  readonly softBounceThreshold?: number;
  /** …within this many days of each other (default 7). */
  readonly softBounceWindowDays?: number;
}

/** Default window of the soft-bounce threshold, in days. */
export const DEFAULT_SOFT_BOUNCE_WINDOW_DAYS = 7;
