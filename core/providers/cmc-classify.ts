import type { BounceType, EventType } from '../schema';

/** SMTP reply code and enhanced status found in a CMC `reason`. */
export interface ReplyCodes {
  readonly smtpCode: number | null;
  readonly smtpStatus: string | null;
}

/** Canonical type of one CMC record, plus the provider's own name for it. */
export interface CmcClassification {
  readonly eventType: EventType;
  readonly bounceType: BounceType | null;
  readonly providerEvent: string;
}

const DELIVERY_TYPES: ReadonlyMap<string, EventType> = new Map([
  ['queued', 'accepted'],
  ['succeeded', 'delivered'],
  ['deferred', 'deferred'],
  ['failed', 'bounced'],
]);

// CMC refused to send to an address on its suppression list; the remote text
// reads "… is suppressed to send mail" (docs/providers.md §4.2).
const SUPPRESSED = /\bis suppressed to send mail\b/i;

type BounceFallback = 'hard' | 'soft' | 'dropped';
type Mapping = Omit<CmcClassification, 'providerEvent'>;

/**
 * Bounce error-status codes (docs/providers.md §4.2, CMC Bounces API). `dropped`
 * wins over any SMTP code: for 10 and 11 CMC sent nothing because the address
 * is blocked or unsubscribed (one-click), so it is a suppression, not a bounce
 * and not a new unsubscribe. For the rest, an SMTP code in `reason` decides
 * (5xx hard, 4xx soft); without one, the status decides: timeouts, a full
 * mailbox and receiving-server errors are temporary in nature (soft), the
 * others permanent (hard).
 */
const BOUNCE_STATUSES: ReadonlyMap<string, BounceFallback> = new Map([
  ['1', 'hard'], // unknown host
  ['2', 'hard'], // unknown user
  ['3', 'soft'], // retransmission timeout
  ['4', 'hard'], // rejection
  ['5', 'soft'], // over capacity
  ['6', 'hard'], // forward error
  ['7', 'soft'], // receiving-server error
  ['8', 'hard'], // oversized
  ['9', 'hard'], // address format error
  ['10', 'dropped'], // blocked address
  ['11', 'dropped'], // unsubscribed address (one-click)
  ['99', 'hard'], // other
]);

const DROPPED: Mapping = { eventType: 'dropped', bounceType: null };
const HARD: Mapping = { eventType: 'bounced', bounceType: 'hard' };
const UNKNOWN: Mapping = { eventType: 'unknown', bounceType: null };
const UNSUBSCRIBED: Mapping = { eventType: 'unsubscribed', bounceType: null };
const DELIVERY_MAPPINGS: ReadonlyMap<string, Mapping> = new Map(
  [...DELIVERY_TYPES].map(([status, eventType]) => [
    status,
    { eventType, bounceType: null },
  ]),
);

function classifyDelivery(status: string, reason: string | null): Mapping {
  const mapping = DELIVERY_MAPPINGS.get(status) ?? UNKNOWN;
  if (mapping.eventType !== 'bounced') return mapping;
  // A failed delivery is permanent (docs/design.md table), unless CMC itself
  // suppressed it.
  return reason !== null && SUPPRESSED.test(reason) ? DROPPED : HARD;
}

function classifyBounce(status: string, codes: ReplyCodes): Mapping {
  const fallback = BOUNCE_STATUSES.get(status);
  if (fallback === 'dropped') return DROPPED;
  const codeClass =
    codes.smtpCode === null ? 0 : Math.trunc(codes.smtpCode / 100);
  // An unlisted status is still an entry of the bounce list: a bounce whose
  // severity only an SMTP code can tell.
  const bounceType: BounceType =
    codeClass === 5
      ? 'hard'
      : codeClass === 4
        ? 'soft'
        : (fallback ?? 'undetermined');
  return { eventType: 'bounced', bounceType };
}

/**
 * Blocks (Pro) are additions to CMC's delivery block list. docs/design.md maps
 * `registered` to `unsubscribed`; the Blocks API and the unconfirmed webhook
 * fixture give the block's error-status code (1–99) as `status` instead, which
 * is an address on the list too (docs/providers.md §4.2, §4.3). Other words
 * (e.g. a removal) are not in the mapping and stay `unknown`.
 */
function classifyBlock(status: string): Mapping {
  const registered = status === 'registered' || isNumeric(status);
  return registered ? UNSUBSCRIBED : UNKNOWN;
}

/** One or more ASCII digits. */
function isNumeric(text: string): boolean {
  if (text === '') return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Maps one record of a CMC list to its canonical type. `provider_event` is
 * the delivery status as CMC spells it, or `<list>:<status>` for bounces,
 * blocks and lists CMC may add later (those map to `unknown`).
 */
export function classifyCmcRecord(
  kind: string,
  status: string,
  reason: string | null,
  codes: ReplyCodes,
): CmcClassification {
  let mapping: Mapping;
  let providerEvent: string;
  if (kind === 'deliveries') {
    mapping = classifyDelivery(status, reason);
    providerEvent = status || kind;
  } else {
    providerEvent = status ? `${kind}:${status}` : kind;
    mapping =
      kind === 'bounces'
        ? classifyBounce(status, codes)
        : kind === 'blocks'
          ? classifyBlock(status)
          : UNKNOWN;
  }
  return {
    eventType: mapping.eventType,
    bounceType: mapping.bounceType,
    providerEvent,
  };
}
