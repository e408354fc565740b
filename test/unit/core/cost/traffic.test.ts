import { describe, expect, it } from 'vitest';
import { resolveCostInput } from '../../../../core/cost/model';
import {
  billedRecordBytes,
  deriveTraffic,
  packEvents,
} from '../../../../core/cost/traffic';

// 4,000 events over all four providers: 1,000 each; blastengine and CMC send
// 10 per request; payloads 1,000 B, canonical events 500 B.
const SMALL = resolveCostInput({
  eventsPerMonth: 4000,
  eventsPerRequest: 10,
  sesDestinations: ['sns'],
  assumptions: { payloadBytesPerEvent: 1000, canonicalBytesPerEvent: 500 },
});
const BUFFER = 64 * 1024 * 1024;

describe('billedRecordBytes', () => {
  it.each([
    [1, 5120],
    [5120, 5120],
    [5121, 10_240],
    [14_000, 15_360],
  ])('rounds a %i-byte record up to %i bytes (5 KB steps)', (bytes, billed) => {
    expect(billedRecordBytes(bytes)).toBe(billed);
  });
});

describe('packEvents', () => {
  it('bills a single 700-byte event as a whole 5 KB record', () => {
    expect(packEvents(1, 700)).toStrictEqual({ records: 1, billed: 5120 });
  });

  it('packs 20 events of 700 bytes into one 15 KB record', () => {
    // 20 × 700 = 14,000 B → 3 × 5,120
    expect(packEvents(20, 700)).toStrictEqual({ records: 1, billed: 15_360 });
  });

  it('splits at the 500-event de-aggregation cap', () => {
    // 1,200 = 500 + 500 + 200; 350,000 B → 69 steps, 140,000 B → 28 steps
    expect(packEvents(1200, 700)).toStrictEqual({
      records: 3,
      billed: 2 * 69 * 5120 + 28 * 5120,
    });
  });

  it('splits at the 1,000 KiB record limit when events are large', () => {
    // floor(1,024,000 / 3,000) = 341 events per record
    expect(packEvents(682, 3000)).toStrictEqual({
      records: 2,
      billed: 2 * Math.ceil((341 * 3000) / 5120) * 5120,
    });
  });
});

describe('deriveTraffic', () => {
  it('gives each provider an even share, batching only blastengine and CMC', () => {
    // Act
    const t = deriveTraffic(SMALL);
    // Assert
    expect(t.providers).toStrictEqual([
      {
        provider: 'ses',
        events: 1000,
        eventsPerInvocation: 1,
        invocations: 1000,
        path: 'sns',
        viaApi: false,
      },
      {
        provider: 'mailgun',
        events: 1000,
        eventsPerInvocation: 1,
        invocations: 1000,
        path: 'webhook',
        viaApi: true,
      },
      {
        provider: 'blastengine',
        events: 1000,
        eventsPerInvocation: 10,
        invocations: 100,
        path: 'webhook',
        viaApi: true,
      },
      {
        provider: 'cmc',
        events: 1000,
        eventsPerInvocation: 10,
        invocations: 100,
        path: 'webhook',
        viaApi: true,
      },
    ]);
  });

  it('counts webhook calls through API Gateway and SES messages through SNS', () => {
    const t = deriveTraffic(SMALL);
    expect([
      t.webhookInvocations,
      t.sesInvocations,
      t.apiRequests,
    ]).toStrictEqual([1200, 1000, 1200]);
  });

  it('meters an API Gateway request per started 512 KB', () => {
    // 600 events × 1,000 B = 600,000 B per CMC request → 2 metered requests
    const input = resolveCostInput({
      eventsPerMonth: 6000,
      providers: ['cmc'],
      eventsPerRequest: 600,
      assumptions: { payloadBytesPerEvent: 1000 },
    });
    expect(deriveTraffic(input).apiRequests).toBe(20);
  });

  it('bills the events stream per packed record and compares one event per record', () => {
    const t = deriveTraffic(SMALL);
    // 2,000 single-event records of 5,120 B + 200 records of 10 × 500 B (5,120 B)
    expect(t.eventRecords).toBe(2200);
    expect(t.eventBilledBytes).toBe(2200 * 5120);
    expect(t.eventBytes).toBe(4000 * 500);
    expect(t.eventBilledBytesOnePerRecord).toBe(4000 * 5120);
  });

  it('sends one escaped RawRecord per invocation to the raw stream', () => {
    const t = deriveTraffic(SMALL);
    // 1 × 1,000 × 1.12 + 250 = 1,370 B (5,120 billed); 10,000 × 1.12 + 250 = 11,450 B (15,360)
    expect(t.rawRecords).toBe(2200);
    expect(t.rawBytes).toBeCloseTo(2000 * 1370 + 200 * 11_450, 6);
    expect(t.rawBilledBytes).toBe(2000 * 5120 + 200 * 15_360);
  });

  it('counts one S3 object per partition and flush that received data', () => {
    const t = deriveTraffic(SMALL);
    // 8,760 flushes a month; each provider has fewer invocations than that
    expect(t.eventObjects).toBeCloseTo(2200 * 1.2 + 2_000_000 / BUFFER, 9);
    expect(t.rawObjects).toBeCloseTo(2200 + 5_030_000 / BUFFER, 9);
  });

  it('caps flushes at one per buffering interval for busy providers', () => {
    const input = resolveCostInput({
      eventsPerMonth: 1_000_000,
      providers: ['mailgun'],
    });
    // 2,628,000 s / 300 s = 8,760 flushes; 1,000,000 × 700 B adds size flushes
    expect(deriveTraffic(input).eventObjects).toBeCloseTo(
      8760 * 1.2 + 700_000_000 / BUFFER,
      9,
    );
    // The raw copies flush every 900 s: 2,920 objects, a third as many.
    expect(deriveTraffic(input).rawObjects).toBeCloseTo(
      2920 + deriveTraffic(input).rawBytes / BUFFER,
      9,
    );
  });

  it('sends SES through its Firehose stream in batches by default', () => {
    // 1,000,000 SES events of 1,800 B: 1,716.6 full 1 MiB batches, but at
    // most one per minute with data: 43,800 batches
    const input = resolveCostInput({
      eventsPerMonth: 1_000_000,
      providers: ['ses'],
    });
    const t = deriveTraffic(input);
    expect(t.providers).toStrictEqual([
      {
        provider: 'ses',
        events: 1e6,
        eventsPerInvocation: 1e6 / 43_800,
        invocations: 43_800,
        path: 'firehose',
        viaApi: false,
      },
    ]);
    expect([
      t.sesInvocations,
      t.transformInvocations,
      t.rawRecords,
    ]).toStrictEqual([0, 43_800, 0]);
    expect(t.sesStreamBilledBytes).toBe(1e6 * 5120);
    // Its S3 output is a raw copy: one object per 900 s raw flush.
    expect(t.sesStreamObjects).toBeCloseTo(2920 + 350e6 / BUFFER, 9);
    // 23 events per batch → one packed record each
    expect(t.eventRecords).toBe(43_800);
  });

  it('batches by bytes once the buffer fills before the interval', () => {
    const input = resolveCostInput({
      eventsPerMonth: 1e8,
      providers: ['ses'],
    });
    expect(deriveTraffic(input).transformInvocations).toBeCloseTo(
      (1e8 * 1800) / 1024 ** 2,
      6,
    );
  });

  it('pays both SES paths but counts the events once with both destinations', () => {
    const input = resolveCostInput({
      eventsPerMonth: 1000,
      providers: ['ses'],
      sesDestinations: ['sns', 'firehose'],
    });
    const t = deriveTraffic(input);
    expect(t.providers.map((p) => p.path)).toStrictEqual(['sns', 'firehose']);
    expect(t.sesInvocations).toBe(1000);
    expect(t.transformInvocations).toBe(1000);
    expect(t.eventBytes).toBe(1000 * 700);
    expect(t.eventRecords).toBe(2000);
  });

  it('has no traffic and no transform batches in an idle month', () => {
    const t = deriveTraffic(resolveCostInput({ eventsPerMonth: 0 }));
    expect(t.transformInvocations).toBe(0);
    expect(t.providers[0]!.eventsPerInvocation).toBe(0);
  });
});
