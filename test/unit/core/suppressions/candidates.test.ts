import { describe, expect, it } from 'vitest';
import {
  isSuppressionCandidate,
  newlySuppressed,
} from '../../../../core/suppressions/candidates';
import { applyEvent, applyRemoval } from '../../../../core/suppressions/fold';
import { at, ev } from '../../../helpers/suppression-events';

describe('isSuppressionCandidate', () => {
  it('takes hard bounces, complaints and unsubscribes only by default', () => {
    expect(isSuppressionCandidate(ev(1, 'bounced', at(1)))).toBe(true);
    expect(isSuppressionCandidate(ev(2, 'complained', at(1)))).toBe(true);
    expect(isSuppressionCandidate(ev(3, 'unsubscribed', at(1)))).toBe(true);
    const soft = ev(4, 'bounced', at(1), { bounceType: 'soft' });
    expect(isSuppressionCandidate(soft)).toBe(false);
    expect(isSuppressionCandidate(ev(5, 'delivered', at(1)))).toBe(false);
    expect(isSuppressionCandidate(ev(6, 'opened', at(1)))).toBe(false);
  });

  it('adds soft bounces and deliveries when the threshold rule is on', () => {
    const rules = { softBounceThreshold: 3 };
    const soft = ev(4, 'bounced', at(1), { bounceType: 'soft' });
    expect(isSuppressionCandidate(soft, rules)).toBe(true);
    expect(isSuppressionCandidate(ev(5, 'delivered', at(1)), rules)).toBe(true);
    expect(isSuppressionCandidate(ev(6, 'deferred', at(1)), rules)).toBe(false);
  });
});

describe('newlySuppressed', () => {
  const bounce = ev(1, 'bounced', at(1), { recipient: 'ada@example.com' });
  const complaint = ev(2, 'complained', at(2), {
    recipient: 'ada@example.com',
    provider: 'ses',
  });

  it('reports the first suppression of an address', () => {
    const after = applyEvent(undefined, bounce);
    expect(newlySuppressed(undefined, after)).toMatchObject({
      reason: 'hard_bounce',
      provider: 'mailgun',
    });
  });

  it('does not report a second cause of a suppressed address', () => {
    const first = applyEvent(undefined, bounce);
    expect(newlySuppressed(first, applyEvent(first, complaint))).toBeNull();
  });

  it('reports a suppression again after a removal', () => {
    const removed = applyRemoval(applyEvent(undefined, bounce)!, {
      at: at(1, '12:00:00'),
      by: 'test',
      reason: 'fixed',
    });
    expect(
      newlySuppressed(removed, applyEvent(removed, complaint)),
    ).toMatchObject({
      reason: 'complaint',
      provider: 'ses',
    });
  });

  it('reports nothing when nothing suppresses', () => {
    expect(newlySuppressed(undefined, undefined)).toBeNull();
  });
});
