import { MalformedPayloadError } from '../errors';
import type { EmailEvent } from '../schema';
import { parseIsoWithOffset } from '../time';
import type { EventDraft } from './common';
import { buildEvent, nonEmpty, smtpCodeOf, smtpStatusOf } from './common';
import type { Json } from './read-json';
import { idText, requireJson, requireString } from './read-json';
import type { NormalizeContext } from './types';

type Classification = Pick<EventDraft, 'eventType' | 'bounceType'>;

const DEFERRED: Classification = { eventType: 'deferred', bounceType: null };
const UNKNOWN: Classification = { eventType: 'unknown', bounceType: null };

// Log `status` values of GET /logs/mails/results (docs/providers.md §3.2);
// anything else maps to `unknown`.
const LOG_STATUSES: ReadonlyMap<string, Classification> = new Map([
  ['SENT', { eventType: 'delivered', bounceType: null }],
  ['HARDERROR', { eventType: 'bounced', bounceType: 'hard' }],
  ['SOFTERROR', DEFERRED],
  ['RETRY', DEFERRED],
  ['DROP', { eventType: 'dropped', bounceType: null }],
]);

function tagsOf(
  log: Json,
  maillogId: string,
  dropped: boolean,
): Record<string, string> {
  const deliveryId = idText(log.delivery_id);
  const deliveryType = nonEmpty(log.delivery_type);
  const tags: Record<string, string> = {};
  if (deliveryId) tags.delivery_id = deliveryId;
  tags.maillog_id = maillogId;
  if (deliveryType) tags.delivery_type = deliveryType;
  // A DROP had no SMTP session: its response code is kept here, not in
  // smtp_code (buildEvent leaves that empty for dropped events).
  const code = idText(log.last_response_code);
  if (dropped && code) tags.last_response_code = code;
  return tags;
}

/** An `opened` draft at open_time; none unless the mail was opened (§3.2). */
function openedDrafts(
  log: Json,
  path: string,
  maillogId: string,
  recipient: string,
  tags: Record<string, string>,
): EventDraft[] {
  if (log.open_time == null) return [];
  const occurredAt = parseIsoWithOffset(log.open_time, `${path}.open_time`);
  return [
    {
      recipient,
      tags,
      provider: 'blastengine',
      eventType: 'opened',
      idParts: [maillogId, 'open_time', occurredAt],
      occurredAt,
      providerEvent: 'open_time',
    },
  ];
}

/**
 * Normalizes one row of blastengine's mail log (GET /logs/mails/results or
 * /logs/mails/{maillog_id}) into its status event, plus an `opened` event
 * when the row has an open_time. `path` names the row in errors.
 */
export function normalizeBlastengineLogRow(
  row: unknown,
  path: string,
  ctx: NormalizeContext,
): EmailEvent[] {
  const log = requireJson(row, path);
  const maillogId = idText(log.maillog_id);
  if (maillogId === null) {
    throw new MalformedPayloadError(
      `${path}.maillog_id must be a number or non-empty string`,
    );
  }
  const status = requireString(log, 'status', path);
  const recipient = requireString(log, 'email', path);
  // updated_time is when the row reached its status; delivery_time is the
  // start of the whole delivery, the same for every recipient (§3.2).
  const timeField = log.updated_time != null ? 'updated_time' : 'delivery_time';
  const occurredAt = parseIsoWithOffset(log[timeField], `${path}.${timeField}`);
  const kind = LOG_STATUSES.get(status) ?? UNKNOWN;
  const tags = tagsOf(log, maillogId, kind.eventType === 'dropped');
  const statusDraft: EventDraft = {
    recipient,
    tags,
    provider: 'blastengine',
    eventType: kind.eventType,
    bounceType: kind.bounceType,
    idParts: [maillogId, status, occurredAt],
    occurredAt,
    smtpCode: smtpCodeOf(log.last_response_code),
    smtpStatus: smtpStatusOf(log.last_response_message),
    diagnostic: nonEmpty(log.last_response_message),
    providerEvent: status,
  };
  return [
    statusDraft,
    ...openedDrafts(log, path, maillogId, recipient, tags),
  ].map((draft) => buildEvent(draft, ctx));
}
