import { describe, expect, it } from 'vitest';
import { rebuildSuppressions } from '../../../../core/suppressions/rebuild';
import { suppressionStatus } from '../../../../core/suppressions/status';
import { at, ev } from '../../../helpers/suppression-events';

const removal = (address: string, day: number) => ({
  address,
  at: at(day, '12:00:00'),
  by: 'cli:ada',
  reason: 'confirmed with the recipient',
});

describe('rebuildSuppressions', () => {
  it('folds events and removals in time order, one entry per address', () => {
    // Arrange
    const events = [
      ev(3, 'bounced', at(20), { recipient: 'ada@example.com' }),
      ev(1, 'complained', at(10), { recipient: 'ada@example.com' }),
      ev(2, 'bounced', at(11), { recipient: 'bob@example.com' }),
      ev(2, 'bounced', at(11), { recipient: 'bob@example.com' }),
      ev(4, 'delivered', at(12), { recipient: 'carol@example.com' }),
    ];
    // Act: ada removed between her complaint and a new hard bounce; bob
    // removed after his only bounce; nobody@ has no entry.
    const entries = rebuildSuppressions(events, [
      removal('bob@example.com', 30),
      removal('ada@example.com', 15),
      removal('nobody@example.com', 15),
    ]);
    // Assert
    expect([...entries.keys()].sort()).toStrictEqual([
      'ada@example.com',
      'bob@example.com',
    ]);
    expect(suppressionStatus(entries.get('ada@example.com'))).toMatchObject({
      suppressed: true,
      reason: 'hard_bounce',
      since: at(20),
      first_seen: at(10),
      removed_at: at(15, '12:00:00'),
    });
    expect(suppressionStatus(entries.get('bob@example.com'))).toMatchObject({
      suppressed: false,
      causes: 1,
    });
  });

  it('passes the rules on', () => {
    // Arrange
    const soft = (n: number, day: number) =>
      ev(n, 'bounced', at(day), { bounceType: 'soft' });
    // Act
    const entries = rebuildSuppressions([soft(1, 1), soft(2, 2)], [], {
      softBounceThreshold: 2,
    });
    // Assert
    expect(suppressionStatus(entries.get('ada@example.com')).reason).toBe(
      'soft_bounces',
    );
    expect(rebuildSuppressions([soft(1, 1), soft(2, 2)]).size).toBe(0);
  });
});
