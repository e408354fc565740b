import type { Provider } from '../schema';
import { BOUNCE_METRIC_NAMES as B, EVENT_METRIC_NAMES as E } from './aggregate';
import { RATE_INPUT_METRICS, type RATE_METRICS } from './rates';

const ALL: readonly string[] = [...Object.values(E), ...Object.values(B)];

/**
 * The count metrics a provider's live path (webhook, SNS, SES Firehose) can
 * publish: what its normalizer maps those payloads to. Archived events are
 * not counted (core/metrics/aggregate). blastengine's webhook reports only
 * failures (HARDERROR, SOFTERROR, DROP); CMC's reports deliveries, bounces
 * and blocks, no opens, clicks or complaints (docs/providers.md §3.1,
 * §4.1). Tests run every branch of those classifiers against this table.
 */
export const LIVE_COUNT_NAMES: Readonly<Record<Provider, readonly string[]>> = {
  ses: ALL,
  mailgun: ALL,
  blastengine: [B.hard, E.deferred, E.dropped, E.unknown],
  cmc: [
    E.accepted,
    E.delivered,
    E.deferred,
    B.hard,
    B.soft,
    B.undetermined,
    E.dropped,
    E.unsubscribed,
    E.unknown,
  ],
};

/** A published rate, keyed as in {@link RATE_METRICS}. */
export type RateKey = keyof typeof RATE_METRICS;

// The counts each rate divides: BounceRate = hard bounces / accepted,
// ComplaintRate = complaints / delivered (core/metrics/rates.ts).
const RATE_NEEDS: Readonly<Record<RateKey, readonly string[]>> = {
  bounceRate: [RATE_INPUT_METRICS.hardBounces, RATE_INPUT_METRICS.accepted],
  complaintRate: [RATE_INPUT_METRICS.complaints, RATE_INPUT_METRICS.delivered],
};

/**
 * The rates a provider's live events can ever produce: a rate whose
 * numerator or denominator the provider never reports would never be
 * published, so neither its alarm nor its graph is made (blastengine has
 * neither rate, CMC no complaint rate).
 * @example liveRates('cmc') // ['bounceRate']
 */
export function liveRates(provider: Provider): RateKey[] {
  const names = LIVE_COUNT_NAMES[provider];
  return (Object.keys(RATE_NEEDS) as RateKey[]).filter((rate) =>
    RATE_NEEDS[rate].every((n) => names.includes(n)),
  );
}
