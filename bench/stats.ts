/** The median of a non-empty list (mean of the middle two when even). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Seconds since `start` (from process.hrtime.bigint()). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Seconds per call of `fn`, repeating it until at least `minSeconds` have
 * passed: some machines' clocks tick in 4 ms steps, so a short loop would
 * read as zero.
 */
export function timePerCall(fn: () => void, minSeconds = 0.25): number {
  const t0 = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = secondsSince(t0);
  } while (elapsed < minSeconds);
  return elapsed / calls;
}

/** The smallest step of process.hrtime.bigint() seen, in ms. */
export function timerResolutionMs(): number {
  let smallest = Number.POSITIVE_INFINITY;
  let prev = process.hrtime.bigint();
  for (let seen = 0; seen < 20; ) {
    const t = process.hrtime.bigint();
    if (t !== prev) {
      smallest = Math.min(smallest, Number(t - prev) / 1e6);
      prev = t;
      seen++;
    }
  }
  return smallest;
}
