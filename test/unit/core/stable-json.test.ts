import { describe, expect, it } from 'vitest';
import { stableJson } from '../../../core/stable-json';

describe('stableJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(stableJson({ b: 1, a: [{ d: null, c: 'x' }, 2] })).toBe(
      '{"a":[{"c":"x","d":null},2],"b":1}',
    );
  });

  it('gives the same text for the same content in another key order', () => {
    expect(stableJson(JSON.parse('{"x":{"q":1,"p":2},"w":[]}'))).toBe(
      stableJson(JSON.parse('{"w":[],"x":{"p":2,"q":1}}')),
    );
  });

  it('drops undefined members as JSON does, and writes a lone one as null', () => {
    expect(stableJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(stableJson(undefined)).toBe('null');
  });

  it('stops sorting past its depth limit instead of recursing without end', () => {
    let deep: unknown = { z: 1, a: 2 };
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(stableJson(deep)).toContain('{"z":1,"a":2}');
  });
});
