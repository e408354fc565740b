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

const NUMERIC = /^\d+$/;

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

function classifyDelivery(status: string, reason: string | null): Mapping {
  const eventType = DELIVERY_TYPES.get(status) ?? 'unknown';
  if (eventType !== 'bounced') return { eventType, bounceType: null };
  // A failed delivery is permanent (docs/design.md table), unless CMC itself
  // suppressed it.
  return reason !== null && SUPPRESSED.test(reason)
    ? { eventType: 'dropped', bounceType: null }
    : { eventType, bounceType: 'hard' };
}

function classifyBounce(status: string, codes: ReplyCodes): Mapping {
  const fallback = BOUNCE_STATUSES.get(status);
  if (fallback === 'dropped') return { eventType: 'dropped', bounceType: null };
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
  const registered = status === 'registered' || NUMERIC.test(status);
  return {
    eventType: registered ? 'unsubscribed' : 'unknown',
    bounceType: null,
  };
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
  if (kind === 'deliveries') {
    return {
      ...classifyDelivery(status, reason),
      providerEvent: status || kind,
    };
  }
  const providerEvent = status ? `${kind}:${status}` : kind;
  if (kind === 'bounces') {
    return { ...classifyBounce(status, codes), providerEvent };
  }
  if (kind === 'blocks') {
    return { ...classifyBlock(status), providerEvent };
  }
  return { eventType: 'unknown', bounceType: null, providerEvent };
}
