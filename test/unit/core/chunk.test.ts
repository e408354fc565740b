import { describe, expect, it } from 'vitest';
import { chunkByLimits } from '../../../core/chunk';

const len = (s: string): number => s.length;

describe('chunkByLimits', () => {
  it('closes a batch at the count limit', () => {
    // Act
    const batches = chunkByLimits(['a', 'b', 'c'], len, {
      maxCount: 2,
      maxBytes: 100,
    });
    // Assert
    expect(batches).toStrictEqual([['a', 'b'], ['c']]);
  });

  it('closes a batch before the byte limit would be passed', () => {
    // Act
    const batches = chunkByLimits(['aaa', 'bb', 'c'], len, {
      maxCount: 10,
      maxBytes: 5,
    });
    // Assert
    expect(batches).toStrictEqual([['aaa', 'bb'], ['c']]);
  });

  it('gives an item over the byte limit a batch of its own', () => {
    // Act
    const batches = chunkByLimits(['a', 'toolong', 'b'], len, {
      maxCount: 10,
      maxBytes: 3,
    });
    // Assert
    expect(batches).toStrictEqual([['a'], ['toolong'], ['b']]);
  });

  it('never leaves an empty batch before an oversized first item', () => {
    // Act
    const batches = chunkByLimits(['toolong', 'a'], len, {
      maxCount: 10,
      maxBytes: 3,
    });
    // Assert
    expect(batches).toStrictEqual([['toolong'], ['a']]);
  });

  it('returns no batch for no items', () => {
    // Act / Assert
    expect(chunkByLimits([], len, { maxCount: 1, maxBytes: 1 })).toStrictEqual(
      [],
    );
  });
});
