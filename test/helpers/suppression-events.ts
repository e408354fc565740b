import { buildEvent } from '../../core/providers/common';
import type { BounceType, EventType, Provider } from '../../core/schema';
import type { SuppressionEvent } from '../../core/suppressions/entry';

/** A canonical event for the suppression rules; `n` makes the event_id. */
export function ev(
  n: number | string,
  eventType: EventType,
  occurredAt: string,
  opts: {
    bounceType?: BounceType;
    recipient?: string;
    provider?: Provider;
    smtpCode?: number;
    smtpStatus?: string;
    diagnostic?: string;
  } = {},
): SuppressionEvent {
  return buildEvent(
    {
      provider: opts.provider ?? 'mailgun',
      idParts: [String(n)],
      eventType,
      bounceType: eventType === 'bounced' ? (opts.bounceType ?? 'hard') : null,
      occurredAt,
      recipient: opts.recipient ?? 'Ada@Example.com',
      smtpCode: opts.smtpCode ?? null,
      smtpStatus: opts.smtpStatus ?? null,
      diagnostic: opts.diagnostic ?? null,
      providerEvent: eventType,
    },
    { receivedAt: '2026-03-20T00:00:00.000Z', source: 'webhook' },
  );
}

/** `day` of March 2026 at `time` (UTC), canonical form. */
export const at = (day: number, time = '10:00:00') =>
  `2026-03-${String(day).padStart(2, '0')}T${time}.000Z`;
