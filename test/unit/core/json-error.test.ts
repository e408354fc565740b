import { describe, expect, it } from 'vitest';
import { describeJsonError } from '../../../core/json-error';

function errorOf(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (err) {
    return err;
  }
  throw new Error('parsed');
}

describe('describeJsonError', () => {
  it('calls a document that stops mid-way truncated, at its last line', () => {
    const text = '{\n  "a": 1,\n  "b": [1, 2';
    expect(describeJsonError(text, errorOf(text))).toBe(
      'truncated: the JSON ends at line 3 before the document is complete',
    );
  });

  it('gives the line and column of a syntax error', () => {
    const text = '{\n  "a": 1,\n  "b" 2\n}';
    expect(describeJsonError(text, errorOf(text))).toMatch(
      / at line 3, column 7$/,
    );
  });

  it('keeps a message with no position as it is', () => {
    expect(describeJsonError('x', new Error('odd'))).toBe('odd');
    expect(describeJsonError('x', 'plain')).toBe('plain');
  });
});
