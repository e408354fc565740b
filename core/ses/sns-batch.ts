import { isSnsLambdaEvent, unwrapSnsMessages } from '../envelopes/sns';
import { PipelineError } from '../errors';
import { isSesSetupNotice, normalizeSes } from '../providers/ses';
import type { RawRecord } from '../raw-record';
import type { EmailEvent } from '../schema';

/** What one SNS → Lambda invocation of SES events yields. */
export interface SesSnsBatch {
  /** Canonical events of every message that normalized. */
  readonly events: EmailEvent[];
  /** One RawRecord per message: kind 'raw', or 'rejected' when unparseable. */
  readonly raw: RawRecord[];
  /** Why each rejected message was rejected (for logs; no payload). */
  readonly failures: {
    readonly messageId: string | null;
    readonly error: string;
  }[];
}

interface SnsRecordLike {
  readonly Sns: {
    readonly Message: string;
    readonly MessageId?: string | null;
  };
}

function rawRecord(
  kind: RawRecord['kind'],
  body: string,
  requestId: string | null,
  receivedAt: string,
  reason: string | null,
): RawRecord {
  return {
    kind,
    provider: 'ses',
    received_at: receivedAt,
    source: 'sns',
    reason,
    content_type: 'application/json',
    body,
    body_encoding: 'utf8',
    request_id: requestId,
  };
}

/**
 * Splits an SNS → Lambda event of SES event publishing into canonical events
 * and raw records, message by message: a message that cannot be parsed or
 * normalized becomes a 'rejected' record (retrying would never fix it)
 * instead of failing the batch. SES's plain-text setup notice is skipped.
 * @example const { events, raw } = splitSesSnsEvent(event, new Date().toISOString())
 */
export function splitSesSnsEvent(
  event: unknown,
  receivedAt: string,
): SesSnsBatch {
  const batch: SesSnsBatch = { events: [], raw: [], failures: [] };
  if (!isSnsLambdaEvent(event)) {
    const body = JSON.stringify(event) ?? String(event);
    batch.raw.push(rawRecord('rejected', body, null, receivedAt, 'malformed'));
    batch.failures.push({ messageId: null, error: 'not an SNS Lambda event' });
    return batch;
  }
  for (const record of (event as { Records: SnsRecordLike[] }).Records) {
    const text = record.Sns.Message;
    const id = record.Sns.MessageId ?? null;
    try {
      const messages = unwrapSnsMessages(
        { Records: [record] },
        { skip: isSesSetupNotice },
      );
      if (messages.length === 0) continue;
      const events = messages.flatMap((m) =>
        normalizeSes(m, { receivedAt, source: 'sns' }),
      );
      batch.events.push(...events);
      batch.raw.push(rawRecord('raw', text, id, receivedAt, null));
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      batch.raw.push(rawRecord('rejected', text, id, receivedAt, err.reason));
      batch.failures.push({ messageId: id, error: err.message });
    }
  }
  return batch;
}
