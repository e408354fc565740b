import { describe, expect, it } from 'vitest';
import { bounceData, type Json, normalizeOne } from './mailgun-bounce';

describe('normalizeMailgun failed classification', () => {
  it.each([
    ['permanent', 'suppress-unsubscribe', 'dropped', null],
    ['permanent', 'suppress-complaint', 'dropped', null],
    ['permanent', 'delayed-bounce', 'bounced', 'hard'],
    ['permanent', 'generic', 'bounced', 'hard'],
    ['temporary', 'greylisted', 'deferred', null],
    // Retries given up: soft whatever the severity, as SES Transient.
    ['temporary', 'old', 'bounced', 'soft'],
    ['permanent', 'old', 'bounced', 'soft'],
    ['permanent', 'bounce', 'bounced', 'hard'],
    ['internal', 'generic', 'bounced', 'undetermined'],
    [undefined, undefined, 'bounced', 'undetermined'],
  ])(
    'maps severity %s reason %s to %s/%s',
    (severity, reason, type, bounce) => {
      const event = normalizeOne(
        bounceData((d) => {
          d.severity = severity;
          d.reason = reason;
          d.flags = {};
        }),
      );
      expect([event.event_type, event.bounce_type]).toStrictEqual([
        type,
        bounce,
      ]);
    },
  );

  it('builds provider_event from the parts present', () => {
    const event = normalizeOne(bounceData((d) => delete d.severity));
    expect(event.provider_event).toBe('failed:bounce');
  });
});

describe('normalizeMailgun delivery-status', () => {
  it('keeps Mailgun code 498 out of smtp_code and in the diagnostic', () => {
    const event = normalizeOne(
      bounceData((d) => {
        d['delivery-status'] = { code: 498, message: 'No MX for example.com' };
      }),
    );
    expect([event.smtp_code, event.diagnostic]).toStrictEqual([
      null,
      'Mailgun code 498: No MX for example.com',
    ]);
  });

  it('names a non-SMTP code alone when there is no text', () => {
    const event = normalizeOne(
      bounceData((d) => {
        d['delivery-status'] = { code: '605' };
      }),
    );
    expect([event.smtp_code, event.diagnostic]).toStrictEqual([
      null,
      'Mailgun code 605',
    ]);
  });

  it('reads a string SMTP code', () => {
    const event = normalizeOne(
      bounceData((d) => {
        d['delivery-status'].code = '550';
      }),
    );
    expect(event.smtp_code).toBe(550);
  });

  it('prefers the description over the message', () => {
    const event = normalizeOne(
      bounceData((d) => {
        d['delivery-status'].description = 'Mailbox does not exist';
      }),
    );
    expect(event.diagnostic).toBe('Mailbox does not exist');
  });

  it('falls back to reject.description, then to no diagnostic', () => {
    const rejected = normalizeOne(
      bounceData((d) => {
        d['delivery-status'] = {};
        d.reject = { reason: 'x', description: 'Domain disabled' };
      }),
    );
    const bare = normalizeOne(
      bounceData((d) => delete (d as Json)['delivery-status']),
    );
    expect([rejected.diagnostic, bare.diagnostic]).toStrictEqual([
      'Domain disabled',
      null,
    ]);
  });

  it('reads smtp_status from the message without an enhanced-code', () => {
    const event = normalizeOne(
      bounceData((d) => delete d['delivery-status']['enhanced-code']),
    );
    expect(event.smtp_status).toBe('5.1.1');
  });
});

describe('normalizeMailgun tags and headers', () => {
  it('stringifies non-string user-variables and skips non-string tags', () => {
    const event = normalizeOne(
      bounceData((d) => {
        d['user-variables'] = { n: 42, flag: true, obj: { a: 1 }, s: 'x' };
        d.tags = ['a', 7, '', 'b'];
      }),
    );
    expect(event.tags).toStrictEqual({
      n: '42',
      flag: 'true',
      obj: '{"a":1}',
      s: 'x',
      'mailgun:tags': 'a,b',
    });
  });

  it('leaves tags null without user-variables or tags', () => {
    const event = normalizeOne(
      bounceData((d) => {
        delete d['user-variables'];
        d.tags = 'not-a-list';
      }),
    );
    expect(event.tags).toBeNull();
  });

  it('leaves sender, message id and subject null without headers', () => {
    const event = normalizeOne(
      bounceData((d) => {
        delete d.envelope;
        d.message = { headers: { subject: 12 } };
      }),
    );
    expect([event.sender, event.message_id, event.subject]).toStrictEqual([
      null,
      null,
      null,
    ]);
  });

  it('lower-cases the recipient', () => {
    const event = normalizeOne(
      bounceData((d) => {
        d.recipient = 'No-Such-User@Example.COM';
      }),
    );
    expect(event.recipient).toBe('no-such-user@example.com');
  });
});
