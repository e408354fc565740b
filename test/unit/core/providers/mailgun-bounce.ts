import { normalizeMailgun } from '../../../../core/providers/mailgun';
import type { EmailEvent } from '../../../../core/schema';
import { loadFixture } from '../../../helpers/fixtures';

/** A loose JSON object, for deleting fields the types call required. */
export type Json = Record<string, unknown>;
/** Mailgun event-data as the tests edit it. */
export type Data = Json & {
  'delivery-status': Record<string, unknown>;
};
/** A Mailgun webhook body. */
export type Body = { signature: unknown; 'event-data': Data };

/** The context the Mailgun field and shape tests normalize with. */
export const ctx = {
  receivedAt: '2026-03-14T12:00:00.000Z',
  source: 'archive',
} as const;

/** A fresh permanent-bounce event-data, edited by one field per test. */
export function bounceData(edit: (data: Data) => void = () => {}): Data {
  const data = loadFixture<Body>('mailgun', 'webhook-failed-permanent-bounce')[
    'event-data'
  ];
  edit(data);
  return data;
}

/** Normalizes one event-data and returns its single event. */
export function normalizeOne(data: Data): EmailEvent {
  const [event] = normalizeMailgun(data, ctx);
  return event!;
}
