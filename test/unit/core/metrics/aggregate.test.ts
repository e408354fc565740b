import { describe, expect, it } from 'vitest';
import {
  countEvents,
  DOMAIN_METRIC_NAMES,
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
    const points = countEvents(
      events,
      ['Provider', 'SendingDomain'],
      ['mail.example.com'],
    );
    // Assert: the domain set carries only the rate inputs (no SoftBounced).
    const p = { Provider: 'ses' };
    const pd = { Provider: 'ses', SendingDomain: 'mail.example.com' };
    expect(points).toStrictEqual([
      countPoint('Accepted', p, 2),
      countPoint('Accepted', pd, 2),
      countPoint('HardBounced', p, 1),
      countPoint('HardBounced', pd, 1),
      countPoint('SoftBounced', p, 1),
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

  it("counts an event without from_domain under '(other)'", () => {
    // Arrange: blastengine webhooks carry no sender (docs/providers.md §3.1).
    const events = normalized('blastengine', 'webhook-drop');
    // Act
    const points = countEvents(events, ['SendingDomain'], ['mail.example.com']);
    // Assert
    expect(points).toStrictEqual([
      countPoint('Dropped', { SendingDomain: '(other)' }, 1),
    ]);
  });

  it("splits listed domains, puts every other domain under '(other)', and the Provider total sums them", () => {
    // Arrange
    const events = [
      event('delivered', { sender: 'a@one.example' }),
      event('delivered', { sender: 'b@two.example' }),
      event('delivered', { sender: 'c@ONE.example' }),
      event('delivered', { sender: 'd@three.example' }),
      event('delivered', { sender: null }),
    ];
    // Act
    const points = countEvents(
      events,
      ['Provider', 'SendingDomain'],
      ['one.example'],
    );
    // Assert
    expect(points.map((p) => [p.dimensions, p.value])).toStrictEqual([
      [{ Provider: 'ses' }, 5],
      [{ Provider: 'ses', SendingDomain: 'one.example' }, 2],
      [{ Provider: 'ses', SendingDomain: '(other)' }, 3],
    ]);
  });

  it('keeps the domain set to Accepted, HardBounced, Delivered and Complained', () => {
    // Arrange: one event of every type from a listed domain.
    const events = [
      ...EVENT_TYPES.filter((t) => t !== 'bounced').map((t) => event(t)),
      event('bounced', { bounce: 'hard' }),
      event('bounced'),
    ];
    // Act
    const points = countEvents(
      events,
      ['Provider', 'SendingDomain'],
      ['a.example'],
    );
    // Assert
    const domainNames = points
      .filter((p) => 'SendingDomain' in p.dimensions)
      .map((p) => p.name)
      .sort();
    expect(domainNames).toStrictEqual([...DOMAIN_METRIC_NAMES].sort());
    expect(
      points.filter((p) => !('SendingDomain' in p.dimensions)),
    ).toHaveLength(events.length);
  });

  it('publishes no domain-level set when no domain is listed', () => {
    // Act
    const points = countEvents(
      [event('accepted'), event('delivered', { sender: 'x@b.example' })],
      ['Provider', 'SendingDomain'],
    );
    // Assert
    expect(points).toStrictEqual([
      countPoint('Accepted', { Provider: 'ses' }, 1),
      countPoint('Delivered', { Provider: 'ses' }, 1),
    ]);
  });

  it('orders dimension sets canonically whatever the configured order', () => {
    // Act
    const points = countEvents(
      [event('accepted')],
      ['SendingDomain', 'Provider'],
      ['a.example'],
    );
    // Assert
    expect(points.map((p) => p.dimensions)).toStrictEqual([
      { Provider: 'ses' },
      { Provider: 'ses', SendingDomain: 'a.example' },
    ]);
  });

  it('publishes every count per SendingDomain alone when only it is configured', () => {
    // Act
    const points = countEvents(
      [event('clicked'), event('clicked', { sender: 'x@b.example' })],
      ['SendingDomain'],
      ['a.example'],
    );
    // Assert
    expect(points).toStrictEqual([
      countPoint('Clicked', { SendingDomain: 'a.example' }, 1),
      countPoint('Clicked', { SendingDomain: '(other)' }, 1),
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
