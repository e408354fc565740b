import type { ReplayCache } from '../../app/webhook/types';

/**
 * An in-process replay cache for `mailtrail serve` and tests: one process,
 * so a Map of (body hash, expiry) per key is enough. Same rule as the
 * DynamoDB cache: a key is free, expired, or held for the same body.
 * Expired keys are swept on claim.
 */
export function createMemoryReplayCache(
  nowMs: () => number = Date.now,
): ReplayCache {
  const claims = new Map<string, { body: string; expiry: number }>();
  return {
    async claim(key, bodySha256, ttlSeconds) {
      const now = nowMs();
      for (const [k, { expiry }] of claims) {
        if (expiry <= now) claims.delete(k);
      }
      const held = claims.get(key);
      if (held !== undefined && held.body !== bodySha256) return false;
      claims.set(key, { body: bodySha256, expiry: now + ttlSeconds * 1000 });
      return true;
    },
  };
}
