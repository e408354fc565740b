import { describe, expect, it } from 'vitest';
import {
  countEvents,
  EVENT_METRIC_NAMES,
  metricNameOf,
} from '../../../../core/metrics/aggregate';
import { buildEvent } from '../../../../core/providers/common';
import { NORMALIZERS } from '../../../../core/providers/index';
import type { NormalizeContext } from '../../../../core/providers/types';
import {
  type EmailEvent,
  EVENT_TYPES,
  type EventType,
  type Provider,
} from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';
import { countPoint } from '../../../helpers/metric-points';

const ctx: NormalizeContext = {
  receivedAt: '2026-03-14T03:00:00.000Z',
  source: 'webhook',
};

function normalized(provider: Provider, ...names: string[]): EmailEvent[] {
  return names.flatMap((n) =>
    NORMALIZERS[provider](loadFixture(provider, n), ctx),
  );
}

function event(
  eventType: EventType,
  opts: { provider?: Provider; sender?: string | null; bounce?: 'hard' } = {},
): EmailEvent {
  return buildEvent(
    {
      provider: opts.provider ?? 'ses',
      idParts: [eventType, opts.sender ?? null],
      eventType,
      bounceType: opts.bounce ?? null,
      occurredAt: '2026-03-14T02:20:00.000Z',
      recipient: 'to@example.org',
      sender: opts.sender === undefined ? 'from@a.example' : opts.sender,
      providerEvent: eventType,
    },
    ctx,
  );
}

describe('metricNameOf', () => {
  it.each([
    ['accepted', 'Accepted'],
    ['delivered', 'Delivered'],
    ['deferred', 'Deferred'],
    ['dropped', 'Dropped'],
    ['rejected', 'Rejected'],
    ['complained', 'Complained'],
    ['opened', 'Opened'],
    ['clicked', 'Clicked'],
    ['unsubscribed', 'Unsubscribed'],
    ['rendering_failed', 'RenderingFailed'],
    ['unknown', 'Unknown'],
  ] as const)('names %s events %s', (type, name) => {
    // Act / Assert
    expect(metricNameOf(event(type))).toBe(name);
  });

  it('has a metric name for every non-bounce event type', () => {
    // Assert
    const named = Object.keys(EVENT_METRIC_NAMES).sort();
    expect(named).toStrictEqual(
      EVENT_TYPES.filter((t) => t !== 'bounced').sort(),
    );
  });

  it.each([
    ['hard', 'HardBounced'],
    ['soft', 'SoftBounced'],
    ['undetermined', 'UndeterminedBounced'],
  ] as const)('splits a %s bounce into %s', (bounceType, name) => {
    // Arrange
    const bounce = { ...event('bounced'), bounce_type: bounceType };
    // Act / Assert
    expect(metricNameOf(bounce)).toBe(name);
  });

  it('counts a bounced event without bounce_type as UndeterminedBounced', () => {
    // Arrange
    const bounce = { ...event('bounced'), bounce_type: null };
    // Act / Assert
    expect(metricNameOf(bounce)).toBe('UndeterminedBounced');
  });
});

describe('countEvents', () => {
  it('counts normalized SES fixtures per Provider and per Provider+SendingDomain', () => {
    // Arrange
    const events = normalized(
      'ses',
      'send',
      'send',
      'bounce-permanent',
      'bounce-transient-mailboxfull',
    );
    // Act
    const points = countEvents(events, ['Provider', 'SendingDomain']);
    // Assert
    const p = { Provider: 'ses' };
    const pd = { Provider: 'ses', SendingDomain: 'mail.example.com' };
    expect(points).toStrictEqual([
      countPoint('Accepted', p, 2),
      countPoint('Accepted', pd, 2),
      countPoint('HardBounced', p, 1),
      countPoint('HardBounced', pd, 1),
      countPoint('SoftBounced', p, 1),
      countPoint('SoftBounced', pd, 1),
    ]);
  });

  it('keeps providers apart when counting mixed fixtures per Provider', () => {
    // Arrange
    const events = [
      ...normalized('mailgun', 'webhook-accepted', 'webhook-delivered'),
      ...normalized('cmc', 'webhook-v2-deliveries'),
      ...normalized('mailgun', 'webhook-complained', 'webhook-delivered'),
    ];
    // Act
    const points = countEvents(events, ['Provider']);
    // Assert
    expect(points).toStrictEqual([
      countPoint('Accepted', { Provider: 'mailgun' }, 1),
      countPoint('Delivered', { Provider: 'mailgun' }, 2),
      countPoint('Accepted', { Provider: 'cmc' }, 1),
      countPoint('Delivered', { Provider: 'cmc' }, 1),
      countPoint('Complained', { Provider: 'mailgun' }, 1),
    ]);
  });

  it("uses '(none)' as SendingDomain when from_domain is null", () => {
    // Arrange: blastengine webhooks carry no sender (docs/providers.md §3.1).
    const events = normalized('blastengine', 'webhook-drop');
    // Act
    const points = countEvents(events, ['Provider', 'SendingDomain']);
    // Assert
    expect(points[1]).toStrictEqual(
      countPoint(
        'Dropped',
        { Provider: 'blastengine', SendingDomain: '(none)' },
        1,
      ),
    );
  });

  it('splits per SendingDomain while the Provider total sums them', () => {
    // Arrange
    const events = [
      event('delivered', { sender: 'a@one.example' }),
      event('delivered', { sender: 'b@two.example' }),
      event('delivered', { sender: 'c@one.example' }),
    ];
    // Act
    const points = countEvents(events, ['Provider', 'SendingDomain']);
    // Assert
    expect(points.map((p) => [p.dimensions, p.value])).toStrictEqual([
      [{ Provider: 'ses' }, 3],
      [{ Provider: 'ses', SendingDomain: 'one.example' }, 2],
      [{ Provider: 'ses', SendingDomain: 'two.example' }, 1],
    ]);
  });

  it('orders dimension sets canonically whatever the configured order', () => {
    // Act
    const points = countEvents(
      [event('opened')],
      ['SendingDomain', 'Provider'],
    );
    // Assert
    expect(points.map((p) => p.dimensions)).toStrictEqual([
      { Provider: 'ses' },
      { Provider: 'ses', SendingDomain: 'a.example' },
    ]);
  });

  it('publishes per SendingDomain alone when only it is configured', () => {
    // Act
    const points = countEvents([event('clicked')], ['SendingDomain']);
    // Assert
    expect(points).toStrictEqual([
      countPoint('Clicked', { SendingDomain: 'a.example' }, 1),
    ]);
  });

  it('publishes dimensionless totals when no dimension is configured', () => {
    // Act
    const points = countEvents(
      [event('clicked', { provider: 'mailgun' }), event('clicked')],
      [],
    );
    // Assert
    expect(points).toStrictEqual([countPoint('Clicked', {}, 2)]);
  });

  it('returns no points for no events', () => {
    // Act / Assert
    expect(countEvents([], ['Provider'])).toStrictEqual([]);
  });
});
