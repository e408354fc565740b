import { describe, expect, it } from 'vitest';
import { jsonBaseline, jsonParseLayers } from '../../../bench/baseline';
import { floorFigures, floorTable } from '../../../bench/report';
import {
  measureThroughput,
  type ThroughputRow,
} from '../../../bench/throughput';
import { normalizeInput } from '../../../core/normalize-input';

const JSON_TYPE = 'application/json';

const snsEvent = (messages: readonly string[]) =>
  JSON.stringify({
    Records: messages.map((Message) => ({
      EventSource: 'aws:sns',
      Sns: { Message },
    })),
  });

const firehoseEvent = (datas: readonly string[]) =>
  JSON.stringify({
    records: datas.map((text, i) => ({
      recordId: String(i),
      data: Buffer.from(text).toString('base64'),
    })),
  });

describe('jsonParseLayers (the floor parses what the baseline parses)', () => {
  it('parses each SNS Message and counts the innermost documents', () => {
    // Arrange
    const body = snsEvent(['{"a":1}', '{"b":[2,3]}']);
    // Act
    const docs = jsonParseLayers(body, JSON_TYPE);
    // Assert
    expect(docs).toBe(2);
    expect(jsonBaseline(body, JSON_TYPE)).toBe('{"a":1}{"b":[2,3]}'.length);
  });

  it('decodes base64 Firehose data and parses every NDJSON line', () => {
    // Arrange
    const body = firehoseEvent(['{"x":1}\n{"x":2}\n{"x":3}\n', '{"y":"é"}']);
    // Act
    const docs = jsonParseLayers(body, JSON_TYPE);
    // Assert
    expect(docs).toBe(4);
  });

  it('parses a JSON form field and keeps plain fields as text', () => {
    // Arrange
    const body = new URLSearchParams({
      api_key: 'k',
      event: '{"deliveries":[{"to":"a@example.jp"}]}',
    }).toString();
    // Act
    const docs = jsonParseLayers(body, 'application/x-www-form-urlencoded');
    const chars = jsonBaseline(body, 'application/x-www-form-urlencoded');
    // Assert
    expect(docs).toBe(1);
    expect(chars).toBe(
      JSON.stringify({
        api_key: 'k',
        event: { deliveries: [{ to: 'a@example.jp' }] },
      }).length,
    );
  });

  it('does not skip an inner layer: a broken SNS Message throws', () => {
    // Arrange
    const body = snsEvent(['{"a":1}', '{"b":']);
    // Act + Assert
    expect(() => jsonParseLayers(body, JSON_TYPE)).toThrow(SyntaxError);
  });
});

const row = (over: Partial<ThroughputRow>): ThroughputRow => ({
  provider: 'cmc',
  payloads: 10,
  events: 1_000_000,
  bytes: 1,
  normalizeSeconds: 5,
  baselineSeconds: 2,
  floorSeconds: 3,
  floorParts: { parse: 1, id: 0.5, serialize: 1.5, compact: 1 },
  normalizeRuns: [5],
  baselineRuns: [2],
  floorRuns: [3],
  floorPartRuns: { parse: [1], id: [0.5], serialize: [1.5], compact: [1] },
  ...over,
});

describe('floor figures', () => {
  it('derive per-event µs, the best ratio, the logic now and the room left', () => {
    // Act
    const f = floorFigures(row({}));
    // Assert
    expect(f).toEqual({
      base: 2,
      norm: 5,
      floor: 3,
      parse: 1,
      id: 0.5,
      serialize: 1.5,
      floorRatio: 2 / 3,
      logic: 2,
      room: 1,
      compact: 1,
      roomCompact: 1.5,
      roomCompactNoId: 2,
    });
  });

  it('print a negative room when the floor alone misses the target', () => {
    // Arrange: base 2 µs, floor 4.5 µs > 2 ÷ 0.5
    const r = row({
      floorSeconds: 4.5,
      floorParts: { parse: 2, id: 1, serialize: 1.5, compact: 0.5 },
    });
    // Act
    const text = floorTable([r]);
    // Assert
    const line = text.split('\n').at(-1)!.trim().split(/\s+/);
    expect(line).toEqual([
      'cmc',
      '2.00',
      '5.00',
      '4.50',
      '2.00',
      '1.00',
      '1.50',
      '0.44',
      '0.50',
      '-0.50',
      '0.50',
      '0.50',
      '1.50',
    ]);
  });
});

describe('measureThroughput', () => {
  it('times the floor over the same payloads, parts adding up to the total', () => {
    // Act: a tiny corpus, one repetition; event counts are checked inside
    const rows = measureThroughput({
      events: 400,
      seed: 7,
      repetitions: 1,
      warmupEvents: 40,
      normalize: normalizeInput,
    });
    // Assert
    expect(rows.map((r) => r.provider)).toEqual([
      'ses',
      'mailgun',
      'blastengine',
      'cmc',
      'all',
    ]);
    for (const r of rows) {
      const { parse, id, serialize, compact } = r.floorParts;
      expect(parse).toBeGreaterThan(0);
      expect(id).toBeGreaterThan(0);
      expect(serialize).toBeGreaterThan(0);
      expect(compact).toBeGreaterThan(0);
      expect(r.floorSeconds).toBeCloseTo(parse + id + serialize, 9);
    }
    const all = rows.at(-1)!;
    expect(all.events).toBe(rows.slice(0, 4).reduce((n, r) => n + r.events, 0));
    expect(all.floorParts.id).toBeCloseTo(
      rows.slice(0, 4).reduce((n, r) => n + r.floorParts.id, 0),
      9,
    );
  });
});
