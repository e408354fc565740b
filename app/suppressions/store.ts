import type { SuppressionEntry } from '../../core/suppressions/entry';

/**
 * Where suppression entries live: one item per address key (DynamoDB in
 * AWS). Writes are optimistic: `put` stores `entry` only while the stored
 * version is still `expectedVersion`, the version read (0: no item yet), and
 * answers false when another writer got there first.
 */
export interface SuppressionStore {
  /** The entry under `key` (strongly consistent), or undefined. */
  get(key: string): Promise<SuppressionEntry | undefined>;
  /** True when written; false when the stored version has moved on. */
  put(entry: SuppressionEntry, expectedVersion: number): Promise<boolean>;
}
