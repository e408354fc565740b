/** mail.tags of the SES fixtures, flattened into canonical tags. */
export const SES_FIXTURE_TAGS = {
  'ses:operation': 'SendEmail',
  'ses:configuration-set': 'prod-transactional',
  'ses:source-ip': '198.51.100.24',
  'ses:from-domain': 'mail.example.com',
  'ses:caller-identity': 'mailer-service',
  tenant: 'acme',
  template: 'order-shipped',
};

/**
 * The canonical event of the SES fixture `sns-lambda-event-bounce`, written
 * out by hand, as received over SNS at `receivedAt`.
 */
export function expectedSnsBounce(receivedAt: string) {
  return {
    schema_version: 1,
    event_id: '6e5dc06eabdd032744df890cad207f06',
    provider: 'ses',
    event_type: 'bounced',
    bounce_type: 'hard',
    occurred_at: '2026-03-14T02:12:41.877Z',
    received_at: receivedAt,
    recipient: 'no-such-user@example.com',
    recipient_domain: 'example.com',
    sender: 'noreply@mail.example.com',
    from_domain: 'mail.example.com',
    message_id: '0106019e00000003-4f1c2a7e-91b3-4c55-a0d2-000000000003-000000',
    subject: 'Your order #A-10293 has shipped',
    smtp_code: 550,
    smtp_status: '5.1.1',
    diagnostic:
      'smtp; 550 5.1.1 <no-such-user@example.com>: Recipient address rejected: User unknown',
    provider_event: 'Bounce',
    tags: SES_FIXTURE_TAGS,
    source: 'sns',
  };
}

/**
 * The raw record of the same fixture: its SNS `message` as received, keyed
 * by the SNS MessageId.
 */
export function expectedSnsBounceRaw(receivedAt: string, message: string) {
  return {
    kind: 'raw',
    provider: 'ses',
    received_at: receivedAt,
    source: 'sns',
    reason: null,
    content_type: 'application/json',
    body: message,
    body_encoding: 'utf8',
    request_id: 'a3c1f0d2-7e4b-5c9a-8b1d-0f2e3d4c5b6a',
  };
}
