import {
  asFirehoseTransformEvent,
  decodeFirehoseRecord,
  type FirehoseTransformedRecord,
  firehoseTransportTime,
  splitNdjson,
} from '../envelopes/firehose';
import { MalformedPayloadError, PipelineError } from '../errors';
import { normalizeSes } from '../providers/ses';
import type { EmailEvent } from '../schema';

/** What one Firehose transformation invocation of SES records yields. */
export interface SesFirehoseBatch {
  /** Canonical events of every record that normalized. */
  readonly events: EmailEvent[];
  /** The response records: each input echoed unchanged, Ok or ProcessingFailed. */
  readonly records: FirehoseTransformedRecord[];
  /** Why each failed record failed (for logs; no payload). */
  readonly failures: { readonly recordId: string; readonly error: string }[];
}

/**
 * Normalizes every SES record of a Firehose transformation event and echoes
 * each record unchanged: `Ok` when it normalized (the raw record lands in
 * raw/), `ProcessingFailed` when it cannot be parsed (Firehose writes it to
 * the error prefix; never dropped). A bad envelope throws, so the whole
 * invocation fails and Firehose retries it.
 * @example const { events, records } = transformSesFirehoseEvent(event, now)
 */
export function transformSesFirehoseEvent(
  event: unknown,
  receivedAt: string,
): SesFirehoseBatch {
  const envelope = asFirehoseTransformEvent(event);
  if (!envelope) {
    throw new MalformedPayloadError('not a Firehose transformation event');
  }
  const batch: SesFirehoseBatch = { events: [], records: [], failures: [] };
  envelope.records.forEach((record, i) => {
    const { recordId, data } = record;
    try {
      // Decoded one by one so a bad record fails alone, not the batch.
      const ctx = {
        receivedAt,
        source: 'firehose',
        transportTime: firehoseTransportTime(record),
      } as const;
      const events: EmailEvent[] = [];
      for (const payload of splitNdjson(decodeFirehoseRecord(record, i).data)) {
        for (const e of normalizeSes(payload, ctx)) events.push(e);
      }
      for (const e of events) batch.events.push(e);
      batch.records.push({ recordId, result: 'Ok', data });
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      batch.records.push({ recordId, result: 'ProcessingFailed', data });
      batch.failures.push({ recordId, error: err.message });
    }
  });
  return batch;
}
