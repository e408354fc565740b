import { describe } from 'vitest';
import {
  itNormalizesKeyCases,
  type SesKeyCase,
  SHIPPED,
  TAGS,
} from './ses-expected';

const FEEDBACK_CASES: SesKeyCase[] = [
  {
    title: 'maps a delivery delay to deferred with the recipient status',
    fixture: 'delivery-delay',
    feedbackId: null,
    fields: {
      event_type: 'deferred',
      bounce_type: null,
      occurred_at: '2026-03-14T03:20:14.225Z',
      recipient: 'slow.server@example.net',
      recipient_domain: 'example.net',
      message_id:
        '0106019e0000000d-4f1c2a7e-91b3-4c55-a0d2-00000000000d-000000',
      subject: SHIPPED,
      smtp_code: 421,
      smtp_status: '4.4.1',
      diagnostic: 'smtp; 421 4.4.1 Connection timed out',
      provider_event: 'DeliveryDelay',
      tags: TAGS,
    },
  },
  {
    title: 'maps a complaint to complained with its feedback type',
    fixture: 'complaint',
    feedbackId: '0106019e0000000e-b2c8e0f1-33aa-4d0e-9f61-000000000007-000000',
    fields: {
      event_type: 'complained',
      bounce_type: null,
      occurred_at: '2026-03-15T11:22:33.000Z',
      recipient: 'grumpy.user@example.net',
      recipient_domain: 'example.net',
      message_id:
        '0106019e00000007-4f1c2a7e-91b3-4c55-a0d2-000000000007-000000',
      subject: 'Weekly deals',
      smtp_code: null,
      smtp_status: null,
      diagnostic: 'abuse',
      provider_event: 'Complaint',
      tags: TAGS,
    },
  },
  {
    title:
      'maps a legacy bounce notification like a published bounce, untagged',
    fixture: 'feedback-notification-bounce-legacy',
    feedbackId: '0106019e00000017-b2c8e0f1-33aa-4d0e-9f61-000000000010-000000',
    fields: {
      event_type: 'bounced',
      bounce_type: 'hard',
      occurred_at: '2026-03-14T04:10:02.119Z',
      recipient: 'no-such-user@example.com',
      recipient_domain: 'example.com',
      message_id:
        '0106019e00000010-4f1c2a7e-91b3-4c55-a0d2-000000000010-000000',
      subject: SHIPPED,
      smtp_code: 550,
      smtp_status: '5.1.1',
      diagnostic: 'smtp; 550 5.1.1 user unknown',
      provider_event: 'Bounce',
      tags: null,
    },
  },
];

describe('normalizeSes feedback events', () => {
  itNormalizesKeyCases(FEEDBACK_CASES);
});
