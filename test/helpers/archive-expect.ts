import { expect } from 'vitest';
import { ProviderAuthError } from '../../app/archive/errors';
import type { FakeRequest } from './fake-common';
import type { MemoryCursorStore } from './memory-archive';

/** Asserts that an archive run fails with ProviderAuthError and `message`. */
export async function expectCredentialsRefused(
  failure: Promise<unknown>,
  message: string | RegExp,
): Promise<void> {
  await expect(failure).rejects.toBeInstanceOf(ProviderAuthError);
  await expect(failure).rejects.toThrow(message);
}

/**
 * What a backfill asked for: the `params` of the first request `matches`
 * picks, then the ids of the cursors it saved.
 */
export function backfillAsked(
  requests: readonly FakeRequest[],
  matches: (r: FakeRequest) => boolean,
  params: readonly [string, string],
  cursors: MemoryCursorStore,
): [string | null, string | null, string[]] {
  const first = requests.find(matches);
  if (!first) throw new Error('no request matched');
  return [
    first.query.get(params[0]),
    first.query.get(params[1]),
    [...cursors.cursors.keys()],
  ];
}
