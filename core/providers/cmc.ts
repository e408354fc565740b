import { MalformedPayloadError } from '../errors';
import type { EmailEvent } from '../schema';
import { parseLocalDateTime, readLocalDateTime } from '../time';
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

const NO_CODES: ReplyCodes = { smtpCode: null, smtpStatus: null };

// A batch repeats a few reasons ("250 2.0.0 OK", one bounce text per
// domain…): their codes are parsed once, in a bounded cache.
const REPLY_CACHE_LIMIT = 1024;
const replyCache = new Map<string, ReplyCodes>();

function replyCodesOf(reason: string | null): ReplyCodes {
  if (reason === null) return NO_CODES;
  let codes = replyCache.get(reason);
  if (codes === undefined) {
    if (replyCache.size >= REPLY_CACHE_LIMIT) replyCache.clear();
    codes = { smtpCode: smtpCodeOf(reason), smtpStatus: smtpStatusOf(reason) };
    replyCache.set(reason, codes);
  }
  return codes;
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

/** What every record of one list shares. */
interface ListContext {
  readonly kind: string;
  /** `event.` or '' before the list name, for error paths. */
  readonly pathPrefix: string;
  readonly serverComposition: string | null;
  /** Canonical time of a record's `created`; `index` names it in errors. */
  readonly occurredAt: (
    created: unknown,
    lc: ListContext,
    index: number,
  ) => string;
}

/** A record's path in errors, e.g. `event.deliveries[3]`; built only then. */
function recordPath(lc: ListContext, index: number): string {
  return `${lc.pathPrefix}${lc.kind}[${index}]`;
}

function toEvent(
  record: unknown,
  index: number,
  lc: ListContext,
  ctx: NormalizeContext,
): EmailEvent {
  if (!isJson(record)) {
    throw new MalformedPayloadError(
      `cmc ${recordPath(lc, index)} must be a JSON object`,
    );
  }
  // Blocks carry `email` instead of `to` (docs/providers.md §4.2, §4.3).
  const recipient = nonEmpty(record.to) ?? nonEmpty(record.email);
  if (recipient === null) {
    throw new MalformedPayloadError(
      `cmc ${recordPath(lc, index)} has no to or email`,
    );
  }
  const occurredAt = lc.occurredAt(record.created, lc, index);
  const status = idText(record.status) ?? '';
  const reason = nonEmpty(record.reason);
  const codes = replyCodesOf(reason);
  const messageId = nonEmpty(record.messageId);
  const apiData = nonEmpty(record.apiData);
  const tags: Record<string, string> = {};
  if (apiData !== null) tags.api_data = apiData;
  if (lc.serverComposition !== null) {
    tags.server_composition = lc.serverComposition;
  }
  const kind = classifyCmcRecord(lc.kind, status, reason, codes);
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
      eventType: kind.eventType,
      bounceType: kind.bounceType,
      providerEvent: kind.providerEvent,
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
function cachedClock(timeZone: string): ListContext['occurredAt'] {
  const cache = new Map<string, string>();
  return (created, lc, index) => {
    const key = typeof created === 'string' ? created : '';
    let iso = cache.get(key);
    if (iso === undefined) {
      iso =
        readLocalDateTime(created, timeZone) ??
        parseLocalDateTime(
          created,
          timeZone,
          `${recordPath(lc, index)}.created`,
        );
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
    const lc = { kind, pathPrefix: path, serverComposition, occurredAt };
    for (let i = 0; i < list.length; i++) {
      events.push(toEvent(list[i], i, lc, ctx));
    }
  }
  return events;
};
