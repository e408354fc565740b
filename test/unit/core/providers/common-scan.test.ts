import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bareAddress,
  hasText,
  stripBrackets,
} from '../../../../core/providers/common';

const SEED = 20261125;
// The regular expressions the scans replaced: the oracles.
const byRegexBare = (v: string) =>
  (/<([^<>]*)>\s*$/.exec(v)?.[1] ?? v).trim().toLowerCase();
const byRegexStrip = (id: string) => id.trim().replace(/^<(.*)>$/, '$1');
const text = fc.string({
  unit: fc.constantFrom(
    'a',
    'B',
    '@',
    '<',
    '>',
    ' ',
    '\t',
    '\n',
    '\r',
    '\u2028',
    '\u00a0',
    '\ufeff',
    '.',
  ),
  maxLength: 12,
});

describe('scans that replaced regular expressions', () => {
  it('bareAddress reads what the regex read', () => {
    fc.assert(
      fc.property(text, (v) => {
        expect(bareAddress(v)).toBe(byRegexBare(v));
      }),
      { numRuns: 20_000, seed: SEED },
    );
  });

  it('stripBrackets strips what the regex stripped', () => {
    fc.assert(
      fc.property(text, (v) => {
        expect(stripBrackets(v)).toBe(byRegexStrip(v));
      }),
      { numRuns: 20_000, seed: SEED },
    );
  });

  it('hasText is trim() !== ""', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (v) => {
        expect(hasText(v)).toBe(v.trim() !== '');
      }),
      { numRuns: 5000, seed: SEED },
    );
  });

  it.each([
    ['Jane <JANE@Example.com> ', 'jane@example.com'],
    ['a <b> c', 'a <b> c'],
    ['<a<b>', 'b'],
  ])('bareAddress(%j) is %j', (input, expected) => {
    expect(bareAddress(input)).toBe(expected);
  });
});
