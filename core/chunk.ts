/** Limits of one batch: how many items, and how many bytes together. */
export interface BatchLimits {
  readonly maxCount: number;
  readonly maxBytes: number;
}

/**
 * Splits `items` in order into as few batches as the limits allow: a batch
 * closes when one more item would pass `maxCount` or `maxBytes`. An item
 * larger than `maxBytes` on its own gets a batch of its own (the caller
 * decides whether that is an error).
 * @example chunkByLimits(records, (r) => r.byteLength, { maxCount: 500, maxBytes: 4 * 1024 ** 2 })
 */
export function chunkByLimits<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  limits: BatchLimits,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    const full =
      current.length >= limits.maxCount || bytes + size > limits.maxBytes;
    if (full && current.length > 0) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
