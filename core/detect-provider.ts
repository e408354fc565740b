import { isFirehoseTransformEvent } from './envelopes/firehose';
import { isSnsLambdaEvent } from './envelopes/sns';
import { PipelineError } from './errors';
import type { Provider } from './schema';

type Obj = Record<string, unknown>;
const CMC_LISTS = ['deliveries', 'bounces', 'blocks'] as const;
const isObj = (x: unknown): x is Obj =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

// The shape each provider's payload has, as it arrives:
// SES raw event, SNS Lambda event or Firehose transformation event; Mailgun
// webhook (signature + event-data) or Events API page (items + paging);
// blastengine {events:[{event:{type}}]}, a log page {data:[{maillog_id}]} or
// one log row; CMC {event_type, event} or an API list page
// {deliveries|bounces|blocks: [...]}.
const SHAPES: Readonly<Record<Provider, (x: Obj) => boolean>> = {
  ses: (x) =>
    (isObj(x.mail) &&
      (typeof x.eventType === 'string' ||
        typeof x.notificationType === 'string')) ||
    isSnsLambdaEvent(x) ||
    isFirehoseTransformEvent(x),
  mailgun: (x) =>
    (isObj(x.signature) && isObj(x['event-data'])) ||
    (Array.isArray(x.items) && isObj(x.paging)),
  blastengine: (x) =>
    (Array.isArray(x.events) &&
      x.events.some((e) => isObj(e) && isObj(e.event))) ||
    (Array.isArray(x.data) &&
      x.data.every((row) => isObj(row) && 'maillog_id' in row)) ||
    'maillog_id' in x,
  cmc: (x) =>
    (typeof x.event_type === 'string' && isObj(x.event)) ||
    CMC_LISTS.some((list) => Array.isArray(x[list])),
};

/**
 * The provider a parsed payload comes from, told by its shape alone (an
 * array by its first item). Throws PipelineError (reason 'unsupported') when
 * no provider's shape fits, or more than one does.
 * @example detectProvider(JSON.parse(body)) // 'mailgun'
 */
export function detectProvider(payload: unknown): Provider {
  const value = Array.isArray(payload) ? payload[0] : payload;
  const matches = isObj(value)
    ? (Object.keys(SHAPES) as Provider[]).filter((p) => SHAPES[p](value))
    : [];
  if (matches.length === 1) return matches[0]!;
  throw new PipelineError(
    matches.length === 0
      ? 'cannot tell the provider from the payload'
      : `the payload fits more than one provider (${matches.join(', ')})`,
    'unsupported',
  );
}
