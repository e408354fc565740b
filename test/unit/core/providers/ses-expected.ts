import { normalizeSes } from '../../../../core/providers/ses';
import type { NormalizeContext } from '../../../../core/providers/types';
import type { EmailEvent } from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';
import { SES_FIXTURE_TAGS } from '../../../helpers/ses-sns-bounce';

/** The context every SES test normalizes with. */
export const ctx: NormalizeContext = {
  receivedAt: '2026-03-14T09:00:00.000Z',
  source: 'sns',
};

/** mail.tags of the fixtures, flattened. */
export const TAGS = SES_FIXTURE_TAGS;

/** Fields every fixture shares (same sender, same receipt). */
export const COMMON = {
  schema_version: 1,
  provider: 'ses',
  received_at: '2026-03-14T09:00:00.000Z',
  sender: 'noreply@mail.example.com',
  from_domain: 'mail.example.com',
  source: 'sns',
} as const;

/** The subject most fixtures carry. */
export const SHIPPED = 'Your order #A-10293 has shipped';

/** Normalizes an SES fixture (test/fixtures first, then shared). */
export function normalizeFixture(name: string): EmailEvent[] {
  return normalizeSes(loadFixture('ses', name), ctx);
}

/**
 * Loads a fixture (a fresh copy) and applies dot-path edits; `undefined`
 * deletes the key. E.g. `{ 'bounce.bounceSubType': 'Suppressed' }`.
 */
export function patchedFixture(
  name: string,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const payload = loadFixture<Record<string, unknown>>('ses', name);
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node = payload;
    for (const key of keys) node = node[key] as Record<string, unknown>;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return payload;
}
