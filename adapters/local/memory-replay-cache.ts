import type { ReplayCache } from '../../app/webhook/types';

/**
 * An in-process replay cache for `mailtrail serve` and tests: one process,
 * so a Map with expiry times is enough. Expired keys are swept on claim.
 */
export function createMemoryReplayCache(
  nowMs: () => number = Date.now,
): ReplayCache {
  const expiries = new Map<string, number>();
  return {
    async claim(key, ttlSeconds) {
      const now = nowMs();
      for (const [k, expiry] of expiries) {
        if (expiry <= now) expiries.delete(k);
      }
      if (expiries.has(key)) return false;
      expiries.set(key, now + ttlSeconds * 1000);
      return true;
    },
    async release(key) {
      expiries.delete(key);
    },
  };
}
