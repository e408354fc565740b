import {
  asSnsLambdaEvent,
  parseSnsMessage,
  snsTransportTime,
} from '../envelopes/sns';
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
  const envelope = asSnsLambdaEvent(event);
  if (!envelope) {
    const body = JSON.stringify(event) ?? String(event);
    batch.raw.push(rawRecord('rejected', body, null, receivedAt, 'malformed'));
    batch.failures.push({ messageId: null, error: 'not an SNS Lambda event' });
    return batch;
  }
  for (const record of envelope.Records) {
    const text = record.Sns.Message;
    const id = record.Sns.MessageId ?? null;
    try {
      // Each message alone (index 0), so a bad one fails alone.
      const message = parseSnsMessage(record, 0, { skip: isSesSetupNotice });
      if (message === undefined) continue;
      const ctx = {
        receivedAt,
        source: 'sns',
        transportTime: snsTransportTime(record),
      } as const;
      for (const e of normalizeSes(message, ctx)) batch.events.push(e);
      batch.raw.push(rawRecord('raw', text, id, receivedAt, null));
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      batch.raw.push(rawRecord('rejected', text, id, receivedAt, err.reason));
      batch.failures.push({ messageId: id, error: err.message });
    }
  }
  return batch;
}
