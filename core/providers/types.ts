import type { EmailEvent, Source } from '../schema';
import type { TransportTime } from '../time';

/** What a normalizer needs besides the payload; core never reads a clock. */
export interface NormalizeContext {
  /** When mailtrail received the payload, canonical ISO UTC with millis. */
  readonly receivedAt: string;
  /** How the payload arrived. */
  readonly source: Source;
  /** IANA zone for provider times without an offset (CMC). @default 'Asia/Tokyo' */
  readonly timezone?: string;
  /**
   * When the transport saw the payload, for payloads without a time of their
   * own: the SNS `Timestamp` or Firehose `approximateArrivalTimestamp`.
   */
  readonly transportTime?: TransportTime | null;
}

/** A normalizer: a provider payload in, canonical events out, or a typed error. */
export type Normalizer = (
  payload: unknown,
  ctx: NormalizeContext,
) => EmailEvent[];

/** Default timezone for CMC wall-clock timestamps. */
export const DEFAULT_TIMEZONE = 'Asia/Tokyo';
