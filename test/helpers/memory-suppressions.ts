import type { SuppressionStore } from '../../app/suppressions/store';
import type { SuppressionEntry } from '../../core/suppressions/entry';

/** A SuppressionStore in memory with the table's version condition. */
export class MemorySuppressionStore implements SuppressionStore {
  readonly items = new Map<string, SuppressionEntry>();
  puts = 0;
  gets = 0;

  async get(key: string): Promise<SuppressionEntry | undefined> {
    this.gets++;
    return this.items.get(key);
  }

  async put(entry: SuppressionEntry, expected: number): Promise<boolean> {
    this.puts++;
    const stored = this.items.get(entry.address)?.version ?? 0;
    if (stored !== expected) return false;
    this.items.set(entry.address, structuredClone(entry));
    return true;
  }
}
