import { describe, expect, it } from 'vitest';
import {
  bareAddress,
  buildEvent,
  domainOf,
  nonEmpty,
  smtpCodeOf,
  smtpStatusOf,
  stripBrackets,
} from '../../../../core/providers/common';

const ctx = {
  receivedAt: '2026-03-14T02:20:01.000Z',
  source: 'webhook',
} as const;

describe('address helpers', () => {
  it.each([
    ['Hanako <Hanako@Example.JP>', 'hanako@example.jp'],
    [' A@B.com ', 'a@b.com'],
    ['"Shop" <>', ''],
  ])('bareAddress(%s) is %s', (input, expected) => {
    expect(bareAddress(input)).toBe(expected);
  });

  it.each([
    ['a@Example.COM', 'example.com'],
    ['a@b@c.jp', 'c.jp'],
    ['nodomain', ''],
  ])('domainOf(%s) is %s', (input, expected) => {
    expect(domainOf(input)).toBe(expected);
  });

  it('strips angle brackets from message ids', () => {
    expect(stripBrackets(' <abc@x> ')).toBe('abc@x');
    expect(stripBrackets('abc@x')).toBe('abc@x');
  });
});

describe('value helpers', () => {
  it.each([
    ['x', 'x'],
    ['  ', null],
    ['', null],
    [undefined, null],
    [3, null],
  ])('nonEmpty(%s) is %s', (input, expected) => {
    expect(nonEmpty(input)).toBe(expected);
  });

  it.each([
    ['550 5.1.1 user unknown', 550],
    ['554(errors)', 554],
    ['no code', null],
    ['mx.example.net[203.0.113.50]:25 said: 421 try later', 421],
    ['host 198.51.100.7:587 refused', null],
    ['5.1.1 then 550', 550],
    [452, 452],
    [605, null],
    [4.5, null],
    [null, null],
  ])('smtpCodeOf(%s) is %s', (input, expected) => {
    expect(smtpCodeOf(input)).toBe(expected);
  });

  it.each([
    ['550 5.1.1 user unknown', '5.1.1'],
    ['smtp; 452 4.2.2 full', '4.2.2'],
    ['550 no status', null],
    ['relay 10.5.1.2 said 550 5.7.1 denied', '5.7.1'],
    [550, null],
  ])('smtpStatusOf(%s) is %s', (input, expected) => {
    expect(smtpStatusOf(input)).toBe(expected);
  });
});

describe('buildEvent', () => {
  it('derives ids, domains and defaults', () => {
    // Act
    const event = buildEvent(
      {
        provider: 'mailgun',
        idParts: ['id1', '2026-03-14'],
        eventType: 'bounced',
        occurredAt: '2026-03-14T02:20:00.000Z',
        recipient: 'Bob <Bob@Example.com>',
        sender: 'Shop <shop@Mail.Example.jp>',
        messageId: '<m1@x>',
        providerEvent: 'failed',
        diagnostic: '',
        tags: {},
      },
      ctx,
    );
    // Assert
    expect(event).toStrictEqual({
      schema_version: 1,
      event_id: event.event_id,
      provider: 'mailgun',
      event_type: 'bounced',
      bounce_type: 'undetermined',
      occurred_at: '2026-03-14T02:20:00.000Z',
      received_at: '2026-03-14T02:20:01.000Z',
      recipient: 'bob@example.com',
      recipient_domain: 'example.com',
      sender: 'shop@mail.example.jp',
      from_domain: 'mail.example.jp',
      message_id: 'm1@x',
      subject: null,
      smtp_code: null,
      smtp_status: null,
      diagnostic: null,
      provider_event: 'failed',
      tags: null,
      source: 'webhook',
    });
    expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sets no bounce_type outside bounces and keeps given fields', () => {
    const event = buildEvent(
      {
        provider: 'ses',
        idParts: ['x'],
        eventType: 'delivered',
        bounceType: 'hard',
        occurredAt: '2026-03-14T02:20:00.000Z',
        recipient: 'a@b.c',
        sender: 'nodomain',
        messageId: '<>',
        subject: 'Hi',
        smtpCode: 250,
        smtpStatus: '2.0.0',
        diagnostic: 'ok',
        providerEvent: 'Delivery',
        tags: { a: 'b' },
      },
      ctx,
    );
    expect(event.bounce_type).toBeNull();
    expect(event.from_domain).toBeNull();
    expect(event.message_id).toBeNull();
    expect(event.tags).toStrictEqual({ a: 'b' });
    expect([event.subject, event.smtp_code, event.smtp_status]).toStrictEqual([
      'Hi',
      250,
      '2.0.0',
    ]);
    expect(event.diagnostic).toBe('ok');
  });

  it('keeps the given bounce type for bounces', () => {
    const event = buildEvent(
      {
        provider: 'ses',
        idParts: ['x'],
        eventType: 'bounced',
        bounceType: 'soft',
        occurredAt: '2026-03-14T02:20:00.000Z',
        recipient: 'a@b.c',
        providerEvent: 'Bounce',
      },
      ctx,
    );
    expect(event.bounce_type).toBe('soft');
    expect(event.sender).toBeNull();
  });
});
