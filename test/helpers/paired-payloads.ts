/**
 * One provider event as a webhook delivers it and as the provider's log API
 * returns it (invented values, field names from docs/providers.md), for the
 * reconciliation tests. Each call returns fresh objects.
 */

/** A Mailgun event-data item: webhooks and the Events API share it. */
export function mailgunItem(id: string, event: string, timestamp: number) {
  return {
    event,
    id,
    timestamp,
    'log-level': 'info',
    recipient: 'hanako.yamada@example.com',
    'recipient-domain': 'example.com',
    envelope: { sender: 'bounce@mg.example.com', targets: 'x' },
    'delivery-status': { code: 250, message: 'OK' },
    message: {
      headers: {
        to: 'hanako.yamada@example.com',
        'message-id': '20260314021000.1a2b3c@mg.example.com',
        from: 'Example Shop <noreply@mg.example.com>',
        subject: 'Your order has shipped',
      },
    },
    tags: ['order-shipped'],
    'user-variables': { order_id: 'A-10293' },
  };
}

/** A Mailgun webhook body wrapping `item` (signature not checked here). */
export function mailgunWebhook(item: object) {
  return {
    signature: {
      timestamp: '1773454203',
      token: 't'.repeat(50),
      signature: '0',
    },
    'event-data': item,
  };
}

/** A Mailgun Events API page. */
export function mailgunPage(items: readonly object[]) {
  return {
    items,
    paging: { next: 'https://api.mailgun.net/v3/mg.example.com/events/n' },
  };
}

/** A blastengine bounce webhook body with one HARDERROR. */
export function blastengineWebhook(datetime = '2026-03-14T11:30:04+09:00') {
  return {
    events: [
      {
        event: {
          type: 'HARDERROR',
          datetime,
          detail: {
            mailaddress: 'No-Such-User@example.jp',
            subject: 'パスワード再設定のご案内',
            error_code: '550',
            error_message: '宛先のメールアドレスがありません',
            delivery_id: 48212,
          },
        },
      },
    ],
  };
}

/** A blastengine log row (GET /logs/mails/results data[]). */
export function blastengineLogRow(
  email: string,
  status: string,
  maillogId: number,
  updatedTime = '2026-03-14T11:31:10+09:00',
) {
  return {
    delivery_time: '2026-03-14T11:30:00+09:00',
    delivery_id: 48212,
    maillog_id: maillogId,
    delivery_type: 'TRANSACTION',
    email,
    status,
    last_response_code: '550',
    last_response_message: '5.1.1 User unknown',
    open_time: null,
    created_time: '2026-03-14T11:29:59+09:00',
    updated_time: updatedTime,
  };
}

/** A CMC bounce record, the same in the webhook and the Bounces API. */
export function cmcBounce(to = 'no-such-user@example.jp') {
  return {
    created: '2026-03-14 11:20:05',
    returnPath: 'bounce@return.example.jp',
    from: 'info@example.jp',
    to,
    messageId: '<0a1b2c3d-0003@app.example.jp>',
    reason: '550 5.1.1 User unknown',
    status: '2',
    subject: 'ご注文ありがとうございます',
    apiData: 'ORD-A-20003',
  };
}

/** A CMC delivery record, the same in the webhook and the Deliveries API. */
export function cmcDelivery(status = 'succeeded') {
  return {
    created: '2026-03-14 11:10:01',
    returnPath: 'bounce@return.example.jp',
    from: 'info@example.jp',
    to: 'hanako.yamada@example.jp',
    messageId: '<7c1e2a90-5b3d@app.example.jp>',
    reason: '',
    senderIp: '198.51.100.130',
    sourceIp: '',
    status,
    subject: 'ご注文ありがとうございます',
    apiData: 'ORD-A-10293',
  };
}

/** A CMC Event Webhook v2 body (JSON mode) carrying `records` of `list`. */
export function cmcWebhook(list: string, records: readonly object[]) {
  return {
    server_composition: 'pro',
    event_type: list,
    event: { [list]: records },
  };
}
