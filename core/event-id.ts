import { createHash } from 'node:crypto';
import type { Provider } from './schema';

/**
 * Deterministic event id: the first 32 hex characters of SHA-256 over the
 * provider and the provider's idempotency key parts (PROVIDERS.md §5), so a
 * provider retry or an SNS redelivery yields the same id.
 * @example eventId('mailgun', ['H3l36M', '2026-03-14']) // '9f…' (32 hex)
 */
export function eventId(
  provider: Provider,
  parts: readonly (string | number | null | undefined)[],
): string {
  const hash = createHash('sha256');
  hash.update(provider);
  for (const part of parts) {
    hash.update('\u001f');
    hash.update(part === null || part === undefined ? '' : String(part));
  }
  return hash.digest('hex').slice(0, 32);
}
