import { describe, expect, it } from 'vitest';
import {
  DATA_COLUMNS,
  EmailEventSchema,
  EVENT_COLUMNS,
  partitionDate,
} from '../../../core/schema';

const valid = {
  schema_version: 1,
  event_id: '0123456789abcdef0123456789abcdef',
  provider: 'ses',
  event_type: 'bounced',
  bounce_type: 'hard',
  occurred_at: '2026-03-14T02:20:00.000Z',
  received_at: '2026-03-14T02:20:01.000Z',
  recipient: 'a@example.com',
  recipient_domain: 'example.com',
  sender: null,
  from_domain: null,
  message_id: null,
  subject: null,
  smtp_code: 550,
  smtp_status: '5.1.1',
  diagnostic: null,
  provider_event: 'Bounce',
  tags: { k: 'v' },
  source: 'sns',
};

describe('EmailEventSchema', () => {
  it('accepts a valid event', () => {
    expect(EmailEventSchema.parse(valid)).toStrictEqual(valid);
  });

  it('requires bounce_type exactly for bounced events', () => {
    expect(
      EmailEventSchema.safeParse({ ...valid, bounce_type: null }).success,
    ).toBe(false);
    expect(
      EmailEventSchema.safeParse({ ...valid, event_type: 'delivered' }).success,
    ).toBe(false);
    expect(
      EmailEventSchema.safeParse({
        ...valid,
        event_type: 'delivered',
        bounce_type: null,
      }).success,
    ).toBe(true);
  });

  it.each([
    ['occurred_at', '2026-03-14T02:20:00Z'],
    ['event_id', 'XYZ'],
    ['provider', 'sendgrid'],
    ['smtp_code', 5.5],
    ['recipient', ''],
    ['extra', 1],
  ])('rejects a bad %s', (field, value) => {
    expect(
      EmailEventSchema.safeParse({ ...valid, [field]: value }).success,
    ).toBe(false);
  });
});

describe('EVENT_COLUMNS', () => {
  it('derives names, types and nullability from the schema', () => {
    expect(
      EVENT_COLUMNS.map((c) => `${c.name}:${c.type}${c.nullable ? '?' : ''}`),
    ).toStrictEqual([
      'schema_version:int',
      'event_id:string',
      'provider:string',
      'event_type:string',
      'bounce_type:string?',
      'occurred_at:string',
      'received_at:string',
      'recipient:string',
      'recipient_domain:string',
      'sender:string?',
      'from_domain:string?',
      'message_id:string?',
      'subject:string?',
      'smtp_code:int?',
      'smtp_status:string?',
      'diagnostic:string?',
      'provider_event:string',
      'tags:map<string,string>?',
      'source:string',
    ]);
  });

  it('leaves the provider partition key out of the data columns', () => {
    expect(DATA_COLUMNS.map((c) => c.name)).not.toContain('provider');
    expect(DATA_COLUMNS).toHaveLength(EVENT_COLUMNS.length - 1);
  });
});

describe('partitionDate', () => {
  it('is the UTC date of occurred_at', () => {
    expect(partitionDate({ occurred_at: '2026-03-14T23:59:59.999Z' })).toBe(
      '2026-03-14',
    );
  });
});
