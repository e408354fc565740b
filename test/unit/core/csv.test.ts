import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../../core/csv';

describe('csvCell', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [550, '550'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [' padded', '" padded"'],
    [{ k: 'v' }, '"{""k"":""v""}"'],
  ])('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('csvText', () => {
  it('writes a header and one line per row', () => {
    expect(
      csvText(
        [
          ['a', 1],
          ['b,c', null],
        ],
        ['x', 'y'],
      ),
    ).toBe('x,y\na,1\n"b,c",\n');
  });

  it('writes no header when none is given', () => {
    expect(csvText([['a']])).toBe('a\n');
  });
});
