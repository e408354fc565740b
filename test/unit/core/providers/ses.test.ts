import { describe, expect, it } from 'vitest';
import {
  decodeFirehoseRecords,
  splitNdjson,
} from '../../../../core/envelopes/firehose';
import { unwrapSnsMessages } from '../../../../core/envelopes/sns';
import { normalizeSes } from '../../../../core/providers/ses';
import { EmailEventSchema } from '../../../../core/schema';
import { loadFixtureText } from '../../../helpers/fixtures';
import {
  ctx,
  itNormalizesKeyCases,
  normalizeFixture,
  type SesKeyCase,
  SHIPPED,
  TAGS,
} from './ses-expected';

const EVENT_FIXTURES = [
  'send',
  'reject',
  'bounce-permanent',
  'bounce-transient-mailboxfull',
  'bounce-suppressed-account-list',
  'complaint',
  'delivery',
  'open',
  'click',
  'rendering-failure',
  'delivery-delay',
  'subscription',
  'feedback-notification-bounce-legacy',
  // Our own edge cases (test/fixtures/ses).
  'bounce-multi-recipient',
  'bounce-undetermined',
  'complaint-no-feedback-type',
  'complaint-on-account-suppression-list',
  'delivery-delay-mailboxfull',
  'send-unicode-subject',
  'subscription-opt-in',
  'unknown-event-type',
];

function transportPayloads(name: string): unknown[] {
  const text = loadFixtureText('ses', name);
  if (name.endsWith('.ndjson')) return splitNdjson(text);
  const event: unknown = JSON.parse(text);
  return name.startsWith('sns-')
    ? unwrapSnsMessages(event)
    : decodeFirehoseRecords(event).flatMap((r) => splitNdjson(r.data));
}

describe('normalizeSes fixtures', () => {
  it.each(EVENT_FIXTURES)('normalizes %s to schema-valid events', (name) => {
    // Act
    const events = normalizeFixture(name);
    // Assert
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) EmailEventSchema.parse(event);
  });

  it.each([
    'sns-lambda-event-bounce.json',
    'firehose-s3-object.ndjson',
    'firehose-transform-lambda-event.json',
  ])('normalizes every payload inside %s to schema-valid events', (name) => {
    // Arrange
    const payloads = transportPayloads(name);
    // Act
    const events = payloads.flatMap((p) => normalizeSes(p, ctx));
    // Assert
    expect(payloads.length).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThanOrEqual(payloads.length);
    for (const event of events) EmailEventSchema.parse(event);
  });
});

const KEY_CASES: SesKeyCase[] = [
  {
    title: 'maps a permanent bounce to a hard bounce with its DSN',
    fixture: 'bounce-permanent',
    feedbackId: '0106019e0000000a-b2c8e0f1-33aa-4d0e-9f61-000000000003-000000',
    fields: {
      event_type: 'bounced',
      bounce_type: 'hard',
      occurred_at: '2026-03-14T02:12:41.877Z',
      recipient: 'no-such-user@example.com',
      recipient_domain: 'example.com',
      message_id:
        '0106019e00000003-4f1c2a7e-91b3-4c55-a0d2-000000000003-000000',
      subject: SHIPPED,
      smtp_code: 550,
      smtp_status: '5.1.1',
      diagnostic:
        'smtp; 550 5.1.1 <no-such-user@example.com>: Recipient address rejected: User unknown',
      provider_event: 'Bounce',
      tags: TAGS,
    },
  },
  {
    title: 'maps a bounce on the account suppression list to dropped',
    fixture: 'bounce-suppressed-account-list',
    feedbackId: '0106019e0000000d-b2c8e0f1-33aa-4d0e-9f61-000000000006-000000',
    fields: {
      event_type: 'dropped',
      bounce_type: null,
      occurred_at: '2026-03-14T04:00:00.512Z',
      recipient: 'suppressed@example.com',
      recipient_domain: 'example.com',
      message_id:
        '0106019e00000006-4f1c2a7e-91b3-4c55-a0d2-000000000006-000000',
      subject: SHIPPED,
      smtp_code: null,
      // SES sent nothing: its 5.1.1 is no SMTP reply (diagnostic keeps it).
      smtp_status: null,
      diagnostic:
        'Amazon SES did not send the message to this address because it is on the suppression list for your account.',
      provider_event: 'Bounce',
      tags: TAGS,
    },
  },
  {
    title: 'maps a transient bounce to a soft bounce',
    fixture: 'bounce-transient-mailboxfull',
    feedbackId: '0106019e0000000b-b2c8e0f1-33aa-4d0e-9f61-000000000004-000000',
    fields: {
      event_type: 'bounced',
      bounce_type: 'soft',
      occurred_at: '2026-03-14T08:40:19.300Z',
      recipient: 'full-box@example.net',
      recipient_domain: 'example.net',
      message_id:
        '0106019e00000004-4f1c2a7e-91b3-4c55-a0d2-000000000004-000000',
      subject: SHIPPED,
      smtp_code: 552,
      smtp_status: '5.2.2',
      diagnostic: 'smtp; 552 5.2.2 Mailbox full',
      provider_event: 'Bounce',
      tags: TAGS,
    },
  },
];

describe('normalizeSes key cases', () => {
  itNormalizesKeyCases(KEY_CASES);
});
