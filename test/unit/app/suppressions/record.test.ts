import { describe, expect, it } from 'vitest';
import { recordSuppressions } from '../../../../app/suppressions/record';
import { withSuppressions } from '../../../../app/suppressions/sink';
import type { MetricPoint } from '../../../../core/metrics/types';
import { pseudonymizeRecipient } from '../../../../core/privacy';
import type { EmailEvent } from '../../../../core/schema';
import { suppressionStatus } from '../../../../core/suppressions/status';
import { MemorySuppressionStore } from '../../../helpers/memory-suppressions';
import { at, ev } from '../../../helpers/suppression-events';

const e = (...args: Parameters<typeof ev>) => ev(...args) as EmailEvent;

function setup(store = new MemorySuppressionStore()) {
  const points: MetricPoint[] = [];
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  const push = (message: string, fields: Record<string, unknown>) =>
    logs.push({ message, fields });
  const deps = {
    store,
    rules: {},
    publish: async (p: readonly MetricPoint[]) => {
      points.push(...p);
    },
    log: { info: push, warn: push, error: push },
    sleep: async () => {},
    random: () => 0.5,
  };
  return { store, points, logs, deps };
}

describe('recordSuppressions', () => {
  it('stores one entry per address and counts the suppression once', async () => {
    const { store, points, deps } = setup();
    const out = await recordSuppressions(
      [
        e(1, 'bounced', at(1), { recipient: 'Ada@Example.com' }),
        e(2, 'complained', at(2), {
          recipient: 'ada@example.com',
          provider: 'ses',
        }),
        e(3, 'delivered', at(3), { recipient: 'bob@example.com' }),
      ],
      deps,
    );
    expect(out).toMatchObject({ written: 1, failed: [], invalid: 0 });
    expect([...store.items.keys()]).toEqual(['ada@example.com']);
    expect(store.items.get('ada@example.com')!.causes).toHaveLength(2);
    expect(points).toEqual([
      {
        name: 'SuppressionsAdded',
        dimensions: { Reason: 'hard_bounce', Provider: 'mailgun' },
        value: 1,
        unit: 'Count',
      },
    ]);
  });

  it('touches nothing for normal traffic', async () => {
    const { store, points, deps } = setup();
    await recordSuppressions(
      [
        e(1, 'delivered', at(1)),
        e(2, 'opened', at(1)),
        e(3, 'bounced', at(1), { bounceType: 'soft' }),
      ],
      deps,
    );
    expect(store.gets + store.puts).toBe(0);
    expect(points).toEqual([]);
  });

  it('writes nothing for a replayed or duplicate event', async () => {
    const { store, points, deps } = setup();
    const bounce = e(1, 'bounced', at(1));
    await recordSuppressions([bounce, bounce], deps);
    await recordSuppressions([bounce], deps);
    expect(store.puts).toBe(1);
    expect(store.items.get('ada@example.com')!.version).toBe(1);
    expect(points).toHaveLength(1);
  });

  it('keeps the suppression after a later delivery', async () => {
    const { store, deps } = setup();
    await recordSuppressions([e(1, 'bounced', at(1))], deps);
    await recordSuppressions([e(2, 'delivered', at(2))], {
      ...deps,
      rules: { softBounceThreshold: 3 },
    });
    expect(
      suppressionStatus(store.items.get('ada@example.com')).suppressed,
    ).toBe(true);
  });

  it('re-reads and re-applies when another writer wins the race', async () => {
    const store = new MemorySuppressionStore();
    const { deps, points } = setup(store);
    const rival = e(9, 'complained', at(1, '09:00:00'), { provider: 'cmc' });
    let raced = false;
    const original = store.get.bind(store);
    store.get = async (key) => {
      const entry = await original(key);
      if (!raced) {
        raced = true;
        // Another invocation writes between this read and our write.
        await recordSuppressions([rival], setup(store).deps);
      }
      return entry;
    };
    await recordSuppressions([e(1, 'bounced', at(1))], deps);
    const entry = store.items.get('ada@example.com')!;
    expect(entry.version).toBe(2);
    expect(entry.causes.map((c) => c.event_id)).toEqual([
      rival.event_id,
      e(1, 'bounced', at(1)).event_id,
    ]);
    // The rival counted the addition; ours found it suppressed already.
    expect(points).toEqual([]);
  });

  it('gives up after maxAttempts, logs event_ids and counts, never throws', async () => {
    const store = new MemorySuppressionStore();
    store.put = async () => false;
    const { deps, points, logs } = setup(store);
    const bounce = e(1, 'bounced', at(1));
    const out = await recordSuppressions([bounce], { ...deps, maxAttempts: 3 });
    expect(out.failed).toEqual([
      {
        provider: 'mailgun',
        eventIds: [bounce.event_id],
        error: 'still conflicting after 3 attempts',
      },
    ]);
    expect(store.gets).toBe(3);
    expect(points).toEqual([
      {
        name: 'SuppressionWriteErrors',
        dimensions: {},
        value: 1,
        unit: 'Count',
      },
    ]);
    expect(JSON.stringify(logs)).not.toContain('ada@example.com');
  });

  it('records a table failure for one address without blocking the others', async () => {
    const store = new MemorySuppressionStore();
    const original = store.get.bind(store);
    store.get = async (key) => {
      if (key === 'bad@example.com') {
        throw Object.assign(new Error('throttled'), {
          name: 'ProvisionedThroughputExceededException',
        });
      }
      return original(key);
    };
    const { deps } = setup(store);
    const out = await recordSuppressions(
      [
        e(1, 'bounced', at(1), { recipient: 'bad@example.com' }),
        e(2, 'bounced', at(1)),
      ],
      deps,
    );
    expect(out.failed.map((f) => f.error)).toEqual([
      'ProvisionedThroughputExceededException',
    ]);
    expect([...store.items.keys()]).toEqual(['ada@example.com']);
  });

  it('never stores an invalid address and survives a metrics failure', async () => {
    const { store, deps, logs } = setup();
    const out = await recordSuppressions(
      [
        e(1, 'bounced', at(1), { recipient: 'no-at-sign' }),
        e(2, 'bounced', at(1), { recipient: 'x\u0000@example.com' }),
      ],
      { ...deps, publish: async () => Promise.reject(new Error('down')) },
    );
    expect(out.invalid).toBe(2);
    expect(store.items.size).toBe(0);
    expect(logs.map((l) => l.message)).toEqual([
      'suppression candidates without a valid address',
    ]);
  });

  it('keys by the keyed hash when recipients are hashed', async () => {
    const { store, deps } = setup();
    const hmacKey = 'a-recipient-key-of-32-characters';
    await recordSuppressions([e(1, 'bounced', at(1))], { ...deps, hmacKey });
    expect([...store.items.keys()]).toEqual([
      pseudonymizeRecipient('ada@example.com', hmacKey),
    ]);
  });
});

describe('withSuppressions', () => {
  it('records after the lake write, and not when it fails', async () => {
    const calls: string[] = [];
    const sink = {
      putEvents: async () => {
        calls.push('lake');
      },
      putRaw: async () => {
        calls.push('raw');
      },
    };
    const wrapped = withSuppressions(sink, async () => calls.push('record'));
    await wrapped.putEvents([e(1, 'bounced', at(1))]);
    await wrapped.putEvents([]);
    await wrapped.putRaw([]);
    expect(calls).toEqual(['lake', 'record', 'lake', 'raw']);
    const failing = withSuppressions(
      { ...sink, putEvents: async () => Promise.reject(new Error('firehose')) },
      async () => calls.push('never'),
    );
    await expect(failing.putEvents([e(1, 'bounced', at(1))])).rejects.toThrow(
      'firehose',
    );
    expect(calls).not.toContain('never');
  });
});
