import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../core/errors';
import { normalizeInput } from '../../../core/normalize-input';
import { NORMALIZERS } from '../../../core/providers/index';
import {
  EmailEventSchema,
  PROVIDERS,
  type Provider,
} from '../../../core/schema';
import { listFixtures, loadFixtureText } from '../../helpers/fixtures';

const ctx = {
  receivedAt: '2026-03-14T03:00:00.000Z',
  source: 'webhook',
} as const;
const SEED = 20261123;

/** Runs `fn`; passes when it returns valid events or throws a PipelineError. */
function expectValidOrTyped(fn: () => unknown[]): void {
  let events: unknown[];
  try {
    events = fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PipelineError);
    return;
  }
  for (const event of events) {
    expect(EmailEventSchema.safeParse(event).error).toBeUndefined();
  }
}

function fixtureTexts(provider: Provider): string[] {
  return listFixtures(provider, /\.(json|txt|ndjson)$/).map((name) =>
    loadFixtureText(provider, name),
  );
}

/** Deletes or replaces one value at a random path of a JSON document. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (value === null || typeof value !== 'object' || path.length === 0) {
    return replacement;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [head = 0, ...rest] = path;
  const index = head % entries.length;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, unknown>) };
  const [key, child] = entries[index] as [string, unknown];
  if (rest.length === 0 && replacement === undefined) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    (copy as Record<string, unknown>)[key] = mutate(child, rest, replacement);
  }
  return copy;
}

describe.each(PROVIDERS)('%s normalizer under random input', (provider) => {
  const normalize = NORMALIZERS[provider];

  it('never crashes on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectValidOrTyped(() => normalize(value, ctx));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never crashes on a fixture with one value deleted or replaced', () => {
    const docs = fixtureTexts(provider).flatMap((text) => {
      try {
        return [JSON.parse(text) as unknown];
      } catch {
        return [];
      }
    });
    expect(docs.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...docs),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.oneof(fc.constant(undefined), fc.jsonValue()),
        (doc, path, replacement) => {
          // Round-trip: a wire payload is JSON, which cannot hold undefined.
          const broken = JSON.parse(
            JSON.stringify(mutate(doc, path, replacement) ?? null),
          ) as unknown;
          expectValidOrTyped(() => normalize(broken, ctx));
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('never crashes on truncated fixture text', () => {
    const texts = fixtureTexts(provider);
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (text, ratio) => {
          const cut = text.slice(0, Math.floor(text.length * ratio));
          expectValidOrTyped(() =>
            normalizeInput(provider, cut, { receivedAt: ctx.receivedAt }),
          );
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
