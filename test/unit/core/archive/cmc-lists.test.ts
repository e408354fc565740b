import { describe, expect, it } from 'vitest';
import {
  CMC_LISTS,
  cmcListAfter,
  cmcLists,
  DEFAULT_CMC_LISTS,
} from '../../../../core/archive/cmc-lists';
import { PipelineError } from '../../../../core/errors';

describe('cmcLists', () => {
  it('puts the lists in CMC order', () => {
    // Act / Assert
    expect(cmcLists(['blocks', 'deliveries'])).toStrictEqual([
      'deliveries',
      'blocks',
    ]);
  });

  it('leaves blocks out by default (it needs the Pro plan)', () => {
    // Act / Assert
    expect(cmcLists(DEFAULT_CMC_LISTS)).toStrictEqual([
      'deliveries',
      'bounces',
    ]);
  });

  it.each([
    [['deliveries', 'blocked'], 'unknown CMC list "blocked"'],
    [['bounces', 'bounces'], 'CMC lists must not repeat: bounces,bounces'],
    [[], 'at least one CMC list is required'],
  ])('rejects %j as a config error', (names, message) => {
    // Act / Assert
    expect(() => cmcLists(names)).toThrow(message);
    expect(() => cmcLists(names)).toThrow(PipelineError);
  });
});

describe('cmcListAfter', () => {
  it.each([
    ['deliveries', CMC_LISTS, 'bounces'],
    ['bounces', DEFAULT_CMC_LISTS, undefined],
    ['deliveries', ['deliveries', 'blocks'], 'blocks'],
    ['blocks', CMC_LISTS, undefined],
  ] as const)('after %s in %j comes %s', (list, lists, next) => {
    // Act / Assert
    expect(cmcListAfter(list, lists)).toBe(next);
  });

  it('finds the next configured list after one that is not configured', () => {
    // Act / Assert
    expect(cmcListAfter('bounces', ['deliveries', 'blocks'])).toBe('blocks');
  });
});
