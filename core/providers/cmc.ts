import { MalformedPayloadError } from '../errors';
import type { EmailEvent } from '../schema';
import { parseLocalDateTime } from '../time';
import { classifyCmcRecord, type ReplyCodes } from './cmc-classify';
import {
  bareAddress,
  buildEvent,
  nonEmpty,
  smtpCodeOf,
  smtpStatusOf,
  stripBrackets,
} from './common';
import { idText, isJson, type Json } from './read-json';
import {
  DEFAULT_TIMEZONE,
  type NormalizeContext,
  type Normalizer,
} from './types';

/** The lists CMC sends or returns, in the order they are read. */
const LIST_KINDS = ['deliveries', 'bounces', 'blocks'] as const;

function replyCodesOf(reason: string | null): ReplyCodes {
  if (reason === null) return { smtpCode: null, smtpStatus: null };
  return { smtpCode: smtpCodeOf(reason), smtpStatus: smtpStatusOf(reason) };
}

/**
 * The object holding the lists: a webhook's `event` (a nested object in JSON
 * mode, a JSON string in form mode, docs/providers.md §4.1) or a REST list
 * response (`{deliveries:[…]}`, §4.3) as is.
 */
function containerOf(body: Json): { container: Json; path: string } {
  if (!Object.hasOwn(body, 'event')) return { container: body, path: '' };
  let event = body.event;
  if (typeof event === 'string') {
    try {
      event = JSON.parse(event);
    } catch (cause) {
      const why = (cause as Error).message;
      throw new MalformedPayloadError(`cmc event is not valid JSON: ${why}`, {
        cause,
      });
    }
  }
  if (!isJson(event)) {
    throw new MalformedPayloadError('cmc event must be a JSON object');
  }
  return { container: event, path: 'event.' };
}

/** Which lists to read: `event_type` when given, else every known one present. */
function kindsOf(body: Json, container: Json): readonly string[] {
  const eventType = nonEmpty(body.event_type);
  if (eventType !== null) return [eventType];
  const kinds = LIST_KINDS.filter((kind) => Object.hasOwn(container, kind));
  if (kinds.length === 0) {
    throw new MalformedPayloadError(
      'cmc payload has no event_type and no deliveries, bounces or blocks list',
    );
  }
  return kinds;
}

interface RecordContext {
  readonly kind: string;
  readonly path: string;
  readonly serverComposition: string | null;
  readonly occurredAt: (created: unknown, field: string) => string;
}

function toEvent(
  record: unknown,
  rc: RecordContext,
  ctx: NormalizeContext,
): EmailEvent {
  if (!isJson(record)) {
    throw new MalformedPayloadError(`cmc ${rc.path} must be a JSON object`);
  }
  // Blocks carry `email` instead of `to` (docs/providers.md §4.2, §4.3).
  const recipient = nonEmpty(record.to) ?? nonEmpty(record.email);
  if (recipient === null) {
    throw new MalformedPayloadError(`cmc ${rc.path} has no to or email`);
  }
  const occurredAt = rc.occurredAt(record.created, `${rc.path}.created`);
  const status = idText(record.status) ?? '';
  const reason = nonEmpty(record.reason);
  const codes = replyCodesOf(reason);
  const messageId = nonEmpty(record.messageId);
  const apiData = nonEmpty(record.apiData);
  const tags: Record<string, string> = {};
  if (apiData !== null) tags.api_data = apiData;
  if (rc.serverComposition !== null) {
    tags.server_composition = rc.serverComposition;
  }
  return buildEvent(
    {
      provider: 'cmc',
      // messageId + to + status + created (docs/providers.md §5); blocks have no
      // messageId and use their block id. UTC time, so webhook and archive
      // copies of one event share an id whatever the console timezone.
      idParts: [
        messageId === null ? idText(record.id) : stripBrackets(messageId),
        bareAddress(recipient),
        status,
        occurredAt,
      ],
      ...classifyCmcRecord(rc.kind, status, reason, codes),
      occurredAt,
      recipient,
      // v2 sends returnPath (envelope) and from (header) (docs/providers.md §4.1).
      sender: nonEmpty(record.returnPath) ?? nonEmpty(record.from),
      messageId,
      subject: nonEmpty(record.subject),
      smtpCode: codes.smtpCode,
      smtpStatus: codes.smtpStatus,
      diagnostic: reason,
      tags,
    },
    ctx,
  );
}

/** Parses CMC wall-clock times once per distinct value (batches repeat them). */
function cachedClock(timeZone: string): RecordContext['occurredAt'] {
  const cache = new Map<string, string>();
  return (created, field) => {
    const key = typeof created === 'string' ? created : '';
    let iso = cache.get(key);
    if (iso === undefined) {
      iso = parseLocalDateTime(created, timeZone, field);
      cache.set(key, iso);
    }
    return iso;
  };
}

/**
 * Normalizes a Customers Mail Cloud Event Webhook v2 body (JSON mode, or form
 * mode with `event` as a JSON string) or a deliveries/bounces/blocks list API
 * response into canonical events; `created` is read in `ctx.timezone`.
 * @example normalizeCmc({ deliveries: [...] }, { receivedAt, source: 'archive' })
 */
export const normalizeCmc: Normalizer = (payload, ctx) => {
  if (!isJson(payload)) {
    throw new MalformedPayloadError('cmc payload must be a JSON object');
  }
  const { container, path } = containerOf(payload);
  const serverComposition = nonEmpty(payload.server_composition);
  const occurredAt = cachedClock(ctx.timezone ?? DEFAULT_TIMEZONE);
  const events: EmailEvent[] = [];
  for (const kind of kindsOf(payload, container)) {
    const list = container[kind];
    if (!Array.isArray(list)) {
      throw new MalformedPayloadError(`cmc ${path}${kind} must be a list`);
    }
    for (let i = 0; i < list.length; i++) {
      const rc = {
        kind,
        path: `${path}${kind}[${i}]`,
        serverComposition,
        occurredAt,
      };
      events.push(toEvent(list[i], rc, ctx));
    }
  }
  return events;
};
