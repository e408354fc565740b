import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../core/errors';
import {
  idText,
  isJson,
  objectAt,
  requireJson,
  requireString,
} from '../../../../core/providers/read-json';

describe('isJson', () => {
  it.each([
    [{}, true],
    [[], false],
    [null, false],
    ['x', false],
  ])('isJson(%j) is %s', (value, expected) => {
    expect(isJson(value)).toBe(expected);
  });
});

describe('objectAt', () => {
  it('returns the nested object', () => {
    expect(objectAt({ a: { b: 1 } }, 'a')).toStrictEqual({ b: 1 });
  });

  it('returns an empty object for a missing or non-object value', () => {
    expect([objectAt({}, 'a'), objectAt({ a: [1] }, 'a')]).toStrictEqual([
      {},
      {},
    ]);
  });
});

describe('requireJson', () => {
  it('returns an object unchanged', () => {
    const value = { a: 1 };
    expect(requireJson(value, 'x')).toBe(value);
  });

  it('names the path of a non-object', () => {
    expect(() => requireJson([], 'acme body')).toThrow(
      new MalformedPayloadError('acme body must be a JSON object'),
    );
  });
});

describe('requireString', () => {
  it('returns a non-empty string', () => {
    expect(requireString({ to: 'a@b.jp' }, 'to', 'acme')).toBe('a@b.jp');
  });

  it.each([
    [{}, 'missing'],
    [{ to: '  ' }, 'blank'],
    [{ to: null }, 'null'],
    [{ to: ['a@b.jp'] }, 'an array'],
    [{ to: { a: 1 } }, 'an object'],
    [{ to: true }, 'a boolean'],
  ])('rejects %j, saying it is %s', (o, kind) => {
    expect(() => requireString(o, 'to', 'acme')).toThrow(
      new MalformedPayloadError(
        `acme.to must be a non-empty string (it is ${kind})`,
      ),
    );
  });
});

describe('idText', () => {
  it.each([
    [48212, '48212'],
    ['D-9', 'D-9'],
    ['', null],
    [null, null],
  ])('idText(%j) is %j', (value, expected) => {
    expect(idText(value)).toBe(expected);
  });
});
