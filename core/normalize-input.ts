import {
  asFirehoseTransformEvent,
  decodeFirehoseRecord,
  firehoseTransportTime,
  splitNdjson,
} from './envelopes/firehose';
import { decodeHttpBody } from './envelopes/http-body';
import {
  asSnsLambdaEvent,
  parseSnsMessage,
  snsTransportTime,
} from './envelopes/sns';
import { MalformedPayloadError } from './errors';
import { describeJsonError } from './json-error';
import { NORMALIZERS } from './providers/index';
import type { NormalizeContext } from './providers/types';
import type { EmailEvent, Provider, Source } from './schema';
import type { TransportTime } from './time';

/** Options of {@link normalizeInput}. */
export interface NormalizeInputOptions {
  readonly receivedAt: string;
  /** @default 'Asia/Tokyo' (CMC wall-clock times) */
  readonly timezone?: string;
  /** Overrides the source detected from the transport. */
  readonly source?: Source;
  /** Content type of a webhook body; sniffed when absent. */
  readonly contentType?: string;
}

interface Payload {
  readonly payload: unknown;
  readonly source: Source;
  readonly transportTime?: TransportTime | null;
}

/** True when the first non-blank line is a JSON value of its own (NDJSON). */
function startsAsNdjson(text: string): boolean {
  const first = text.trimStart().split('\n', 1)[0]!;
  try {
    JSON.parse(first);
    return true;
  } catch {
    return false;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    // One document broken mid-way (say truncated) is reported as JSON, at
    // its place; only text whose first line parses alone is NDJSON.
    if (startsAsNdjson(text)) return { ndjson: splitNdjson(text) };
    throw new MalformedPayloadError(
      `input is not valid JSON: ${describeJsonError(text, cause)}`,
      { cause },
    );
  }
}

// SES arrives as the raw event (SNS Message / Firehose record), an SNS →
// Lambda event, a Firehose transformation event, or Firehose's S3 NDJSON
// (docs/providers.md §1.1). The transport decides the source.
function unwrapSes(text: string): Payload[] {
  const value = parseJson(text);
  if (value && typeof value === 'object' && 'ndjson' in value) {
    return (value.ndjson as unknown[]).map((payload) => ({
      payload,
      source: 'firehose' as const,
    }));
  }
  const payloads: Payload[] = [];
  const sns = asSnsLambdaEvent(value);
  if (sns) {
    sns.Records.forEach((record, i) => {
      payloads.push({
        payload: parseSnsMessage(record, i),
        source: 'sns',
        transportTime: snsTransportTime(record),
      });
    });
    return payloads;
  }
  const firehose = asFirehoseTransformEvent(value);
  if (firehose) {
    firehose.records.forEach((record, i) => {
      const transportTime = firehoseTransportTime(record);
      for (const payload of splitNdjson(decodeFirehoseRecord(record, i).data)) {
        payloads.push({ payload, source: 'firehose', transportTime });
      }
    });
    return payloads;
  }
  const items = Array.isArray(value) ? value : [value];
  return items.map((payload) => ({ payload, source: 'sns' as const }));
}

/**
 * True for a provider's log or list API response (an archive pull) rather
 * than a webhook body (docs/providers.md): a Mailgun Events API page `{items}`, a blastengine
 * log page `{data}` or row `{maillog_id}`, a CMC list response (lists
 * without the webhook's `event` wrapper).
 */
function isArchivePull(provider: Provider, payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object') return false;
  const has = (key: string) => Object.hasOwn(payload, key);
  if (provider === 'mailgun') {
    return Array.isArray((payload as { items?: unknown }).items);
  }
  if (provider === 'blastengine') return has('data') || has('maillog_id');
  return !has('event');
}

function unwrapBody(
  provider: Provider,
  text: string,
  contentType: string | undefined,
): Payload[] {
  const payload = decodeHttpBody({ body: text, contentType });
  const source = isArchivePull(provider, payload) ? 'archive' : 'webhook';
  return [{ payload, source }];
}

/**
 * Normalizes a payload exactly as a provider sends it (text), detecting the
 * transport: SES raw event, SNS Lambda event, Firehose transformation event
 * or NDJSON; webhook bodies in JSON, form or multipart encoding.
 * @example normalizeInput('cmc', body, { receivedAt, contentType })
 */
export function normalizeInput(
  provider: Provider,
  text: string,
  options: NormalizeInputOptions,
): EmailEvent[] {
  // A UTF-8 BOM (editors on Windows) is not part of the payload.
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new MalformedPayloadError('input is empty');
  const payloads =
    provider === 'ses'
      ? unwrapSes(body)
      : unwrapBody(provider, body, options.contentType);
  const normalize = NORMALIZERS[provider];
  const events: EmailEvent[] = [];
  for (const { payload, source, transportTime } of payloads) {
    const ctx: NormalizeContext = {
      receivedAt: options.receivedAt,
      source: options.source ?? source,
      timezone: options.timezone,
      transportTime,
    };
    for (const event of normalize(payload, ctx)) events.push(event);
  }
  return events;
}
