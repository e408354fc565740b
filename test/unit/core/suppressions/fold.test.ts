import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SuppressionEntry } from '../../../../core/suppressions/entry';
import {
  applyEvent,
  applyRemoval,
  MAX_CAUSES,
  suppressingReason,
} from '../../../../core/suppressions/fold';
import { suppressionStatus } from '../../../../core/suppressions/status';
import { at, ev } from '../../../helpers/suppression-events';

function fold(
  events: Parameters<typeof applyEvent>[1][],
  rules: Parameters<typeof applyEvent>[2] = {},
  start?: SuppressionEntry,
): SuppressionEntry | undefined {
  return events.reduce<SuppressionEntry | undefined>(
    (entry, e) => applyEvent(entry, e, rules),
    start,
  );
}

const removal = (day: number, by = 'cli:ada') => ({
  at: at(day, '12:00:00'),
  by,
  reason: 'mailbox fixed',
});

describe('suppressingReason', () => {
  it.each([
    ['bounced', 'hard', 'hard_bounce'],
    ['bounced', 'soft', null],
    ['bounced', 'undetermined', null],
    ['complained', null, 'complaint'],
    ['unsubscribed', null, 'unsubscribe'],
    ['deferred', null, null],
    ['dropped', null, null],
    ['delivered', null, null],
    ['rejected', null, null],
  ] as const)('%s/%s → %s', (eventType, bounceType, reason) => {
    expect(
      suppressingReason({ event_type: eventType, bounce_type: bounceType }),
    ).toBe(reason);
  });
});

describe('applyEvent', () => {
  it('creates an entry from a hard bounce, with what the event said', () => {
    // Act
    const entry = applyEvent(
      undefined,
      ev(1, 'bounced', at(14), {
        smtpCode: 550,
        smtpStatus: '5.1.1',
        diagnostic: 'smtp; 550 5.1.1 no such user',
      }),
    );
    // Assert
    expect(entry).toStrictEqual({
      address: 'ada@example.com',
      causes: [
        {
          reason: 'hard_bounce',
          provider: 'mailgun',
          event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
          occurred_at: at(14),
          source: 'webhook',
          smtp_code: 550,
          smtp_status: '5.1.1',
          diagnostic: 'smtp; 550 5.1.1 no such user',
        },
      ],
      removals: [],
      soft_bounces: [],
      soft_run_after: null,
      version: 1,
    });
  });

  it.each([
    ['a soft bounce', ev(1, 'bounced', at(14), { bounceType: 'soft' })],
    [
      'an undetermined bounce',
      ev(1, 'bounced', at(14), { bounceType: 'undetermined' }),
    ],
    ['a deferral', ev(1, 'deferred', at(14))],
    ['a drop', ev(1, 'dropped', at(14))],
    ['a delivery', ev(1, 'delivered', at(14))],
  ])('records nothing for %s', (_name, event) => {
    expect(applyEvent(undefined, event)).toBeUndefined();
  });

  it('returns the same entry for a duplicate or replayed event', () => {
    // Arrange
    const bounce = ev(1, 'bounced', at(14));
    const entry = applyEvent(undefined, bounce)!;
    // Act
    const again = applyEvent(entry, { ...bounce, source: 'archive' });
    // Assert
    expect(again).toBe(entry);
    expect(again!.causes).toHaveLength(1);
  });

  it('keeps the first reason and adds later ones to the history', () => {
    // Act
    const entry = fold([
      ev(1, 'complained', at(15), { provider: 'ses' }),
      ev(2, 'bounced', at(14), { provider: 'cmc' }),
      ev(3, 'unsubscribed', at(16), { provider: 'blastengine' }),
    ])!;
    // Assert
    expect(entry.causes.map((c) => [c.reason, c.provider])).toStrictEqual([
      ['hard_bounce', 'cmc'],
      ['complaint', 'ses'],
      ['unsubscribe', 'blastengine'],
    ]);
    expect(suppressionStatus(entry)).toMatchObject({
      suppressed: true,
      reason: 'hard_bounce',
      provider: 'cmc',
      since: at(14),
      first_seen: at(14),
      last_seen: at(16),
      causes: 3,
    });
    expect(entry.version).toBe(3);
  });

  it('is not lifted by a later delivery', () => {
    // Arrange
    const entry = applyEvent(undefined, ev(1, 'bounced', at(14)));
    // Act
    const after = applyEvent(entry, ev(2, 'delivered', at(20)));
    // Assert
    expect(after).toBe(entry);
    expect(suppressionStatus(after).suppressed).toBe(true);
  });

  it('refuses an event for another address than the entry', () => {
    // Arrange
    const entry = applyEvent(undefined, ev(1, 'bounced', at(14)));
    // Act / Assert
    expect(() =>
      applyEvent(entry, ev(2, 'complained', at(15), { recipient: 'b@x.io' })),
    ).toThrow(/another address/);
  });

  it('keeps the first and the latest causes when there are too many', () => {
    // Arrange
    const events = Array.from({ length: MAX_CAUSES + 10 }, (_, i) =>
      ev(i, 'complained', new Date(Date.UTC(2026, 2, 1, 0, i)).toISOString()),
    );
    // Act
    const entry = fold(events)!;
    const replayed = applyEvent(entry, events[3]!);
    // Assert
    expect(entry.causes).toHaveLength(MAX_CAUSES);
    expect(entry.causes[0]!.event_id).toBe(events[0]!.event_id);
    expect(entry.causes.at(-1)!.event_id).toBe(events.at(-1)!.event_id);
    expect(replayed).toBe(entry);
  });

  it('gives the same entry whatever the arrival order, with duplicates', () => {
    // Arrange
    const pool = [
      ev(1, 'bounced', at(14)),
      ev(2, 'complained', at(15)),
      ev(3, 'unsubscribed', at(15)),
      ev(4, 'delivered', at(16)),
      ev(5, 'bounced', at(17), { bounceType: 'soft' }),
      ev(6, 'bounced', at(18)),
    ];
    const expected = fold(pool)!;
    expect(expected.causes).toHaveLength(4);
    expect(expected.version).toBe(4);
    const arrivals = fc
      .array(fc.constantFrom(...pool), { maxLength: 20 })
      .chain((dups) =>
        fc.shuffledSubarray([...pool, ...dups], {
          minLength: pool.length + dups.length,
        }),
      );
    // Act / Assert
    fc.assert(
      fc.property(arrivals, (events) => {
        expect(fold(events)).toStrictEqual(expected);
      }),
      { seed: 20261125, numRuns: 100 },
    );
  });
});

describe('soft-bounce threshold (optional)', () => {
  const rules = { softBounceThreshold: 3, softBounceWindowDays: 7 };
  const soft = (n: number, day: number) =>
    ev(n, 'bounced', at(day), { bounceType: 'soft', smtpStatus: '4.2.2' });

  it('is off by default: soft bounces record nothing', () => {
    expect(fold([soft(1, 1), soft(2, 2), soft(3, 3), soft(4, 4)])).toBe(
      undefined,
    );
  });

  it('suppresses at the threshold within the window', () => {
    // Act
    const entry = fold([soft(1, 1), soft(2, 2), soft(3, 3)], rules)!;
    // Assert
    expect(suppressionStatus(entry)).toMatchObject({
      suppressed: true,
      reason: 'soft_bounces',
      since: at(3),
      smtp_status: '4.2.2',
    });
  });

  it('does not count soft bounces farther apart than the window', () => {
    // Act
    const entry = fold([soft(1, 1), soft(2, 5), soft(3, 10)], rules)!;
    // Assert
    expect(suppressionStatus(entry).suppressed).toBe(false);
    expect(entry.soft_bounces.map((s) => s.occurred_at)).toStrictEqual([
      at(5),
      at(10),
    ]);
  });

  it('uses a 7-day window when none is given', () => {
    // Act
    const within = fold([soft(1, 1), soft(2, 4), soft(3, 8)], {
      softBounceThreshold: 3,
    });
    const beyond = fold([soft(1, 1), soft(2, 4), soft(3, 9)], {
      softBounceThreshold: 3,
    });
    // Assert
    expect(suppressionStatus(within).suppressed).toBe(true);
    expect(suppressionStatus(beyond).suppressed).toBe(false);
  });

  it('restarts the run after a delivery, and ignores duplicates', () => {
    // Act
    const entry = fold(
      [
        soft(1, 1),
        soft(2, 2),
        ev(9, 'delivered', at(2, '11:00:00')),
        soft(2, 2),
        soft(3, 3),
      ],
      rules,
    )!;
    // Assert
    expect(suppressionStatus(entry).suppressed).toBe(false);
    expect(entry.soft_bounces).toHaveLength(1);
  });

  it('ignores a delivery for an address with no entry', () => {
    expect(applyEvent(undefined, ev(2, 'delivered', at(2)), rules)).toBe(
      undefined,
    );
  });

  it('remembers the latest delivery once, whatever the order', () => {
    // Arrange
    const bounced = applyEvent(undefined, ev(1, 'bounced', at(1)), rules);
    // Act
    const delivered = applyEvent(bounced, ev(3, 'delivered', at(5)), rules)!;
    // Assert
    expect(delivered.soft_run_after).toBe(at(5));
    expect(applyEvent(delivered, ev(3, 'delivered', at(5)), rules)).toBe(
      delivered,
    );
    expect(applyEvent(delivered, ev(4, 'delivered', at(2)), rules)).toBe(
      delivered,
    );
    expect(applyEvent(delivered, ev(5, 'deferred', at(6)), rules)).toBe(
      delivered,
    );
    expect(
      applyEvent(
        delivered,
        ev(6, 'bounced', at(4), { bounceType: 'soft' }),
        rules,
      ),
    ).toBe(delivered);
  });

  it('counts a late soft bounce outside the window as nothing new', () => {
    // Arrange
    const entry = fold([soft(1, 10), soft(2, 11)], rules)!;
    // Act: a soft bounce from long before arrives late
    const after = applyEvent(entry, soft(3, 1), rules);
    // Assert
    expect(after).toBe(entry);
  });

  it('adds another cause for each soft bounce past the threshold', () => {
    // Act
    const entry = fold(
      [soft(1, 1), soft(2, 2), soft(3, 3), soft(4, 4)],
      rules,
    )!;
    // Assert
    expect(entry.causes.map((c) => c.occurred_at)).toStrictEqual([
      at(3),
      at(4),
    ]);
  });
});

describe('applyRemoval', () => {
  it('lifts the suppression and records who, when and why', () => {
    // Arrange
    const entry = applyEvent(undefined, ev(1, 'bounced', at(14)))!;
    // Act
    const removed = applyRemoval(entry, removal(15));
    // Assert
    expect(removed.removals).toStrictEqual([removal(15)]);
    expect(removed.version).toBe(entry.version + 1);
    expect(suppressionStatus(removed)).toMatchObject({
      suppressed: false,
      reason: null,
      since: null,
      first_seen: at(14),
      removed_at: at(15, '12:00:00'),
      removed_by: 'cli:ada',
    });
  });

  it('keeps the same removal once', () => {
    // Arrange
    const removed = applyRemoval(
      applyEvent(undefined, ev(1, 'bounced', at(14)))!,
      removal(15),
    );
    // Act / Assert
    expect(applyRemoval(removed, removal(15))).toBe(removed);
  });

  it('is suppressed again by a new hard bounce after the removal', () => {
    // Arrange
    const removed = applyRemoval(
      applyEvent(undefined, ev(1, 'complained', at(14)))!,
      removal(15),
    );
    // Act
    const again = applyEvent(removed, ev(2, 'bounced', at(16)))!;
    // Assert
    expect(suppressionStatus(again)).toMatchObject({
      suppressed: true,
      reason: 'hard_bounce',
      since: at(16),
      first_seen: at(14),
    });
  });

  it('is not suppressed again by an old event that arrives late', () => {
    // Arrange
    const removed = applyRemoval(
      applyEvent(undefined, ev(1, 'complained', at(14)))!,
      removal(15),
    );
    // Act: a bounce from before the removal, e.g. from an archive run
    const late = applyEvent(removed, ev(2, 'bounced', at(13)))!;
    // Assert
    expect(late.causes).toHaveLength(2);
    expect(suppressionStatus(late).suppressed).toBe(false);
  });

  it('ends a run of soft bounces', () => {
    // Arrange
    const rules = { softBounceThreshold: 3 };
    const soft = (n: number, day: number) =>
      ev(n, 'bounced', at(day), { bounceType: 'soft' });
    const run = fold([soft(1, 1), soft(2, 2)], rules)!;
    // Act
    const removed = applyRemoval(run, removal(2));
    const next = fold([soft(3, 3), soft(1, 1)], rules, removed)!;
    // Assert
    expect(removed.soft_bounces).toStrictEqual([]);
    expect(suppressionStatus(next).suppressed).toBe(false);
    expect(next.soft_bounces).toHaveLength(1);
  });
});

describe('suppressionStatus', () => {
  it('describes an unknown address as not suppressed', () => {
    expect(suppressionStatus(undefined, 'ada@example.com')).toStrictEqual({
      address: 'ada@example.com',
      suppressed: false,
      reason: null,
      provider: null,
      since: null,
      event_id: null,
      smtp_code: null,
      smtp_status: null,
      diagnostic: null,
      first_seen: null,
      last_seen: null,
      causes: 0,
      removed_at: null,
      removed_by: null,
    });
    expect(suppressionStatus(undefined).address).toBe('');
  });
});
