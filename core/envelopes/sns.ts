import { MalformedPayloadError } from '../errors';
import { readIsoWithOffset, type TransportTime } from '../time';
import { parseOrThrow } from '../validate';
import * as z from '../zod';

const LABEL = 'SNS event';

// The SNS → Lambda event (docs/providers.md §1.1, Powertools SnsSchema). Only what
// unwrapping needs is validated; other keys are ignored.
const SnsRecordSchema = z.object({
  EventSource: z.literal('aws:sns'),
  Sns: z.object({
    // The payload is a string, e.g. the SES event as JSON text.
    Message: z.string(),
    MessageId: z.nullish(z.string()),
    // When SNS published the message; read leniently by snsTransportTime.
    Timestamp: z.optional(z.unknown()),
  }),
});

const SnsLambdaEventSchema = z.object({
  Records: z.array(SnsRecordSchema).check(z.minLength(1)),
});

/** Options for {@link unwrapSnsMessages}. */
export interface UnwrapSnsOptions {
  /** Messages to leave out, e.g. a provider's plain-text setup notice. */
  readonly skip?: (message: string) => boolean;
}

/** A validated SNS → Lambda event (the fields read here). */
export type SnsLambdaEvent = z.output<typeof SnsLambdaEventSchema>;

/**
 * The event when `x` is an SNS → Lambda event (every record from aws:sns),
 * else null: validated once, then read by {@link parseSnsMessage}.
 */
export function asSnsLambdaEvent(x: unknown): SnsLambdaEvent | null {
  // Cheap shape test first: a failed zod parse builds issues, and most
  // payloads asked about are plain provider events.
  if (typeof x !== 'object' || x === null || !('Records' in x)) return null;
  const parsed = SnsLambdaEventSchema.safeParse(x);
  return parsed.success ? parsed.data : null;
}

/** True when `x` looks like an SNS → Lambda event (every record from aws:sns). */
export function isSnsLambdaEvent(x: unknown): boolean {
  return asSnsLambdaEvent(x) !== null;
}

/**
 * The JSON-parsed `Sns.Message` of one record of a validated event, or
 * undefined when `options.skip` accepts its text; a Message that is not JSON
 * throws MalformedPayloadError naming `Records.<index>`.
 */
export function parseSnsMessage(
  record: SnsLambdaEvent['Records'][number],
  index: number,
  options: UnwrapSnsOptions = {},
): unknown {
  const { Message, MessageId } = record.Sns;
  if (options.skip?.(Message)) return undefined;
  try {
    return JSON.parse(Message) as unknown;
  } catch (cause) {
    const id = MessageId ? ` (MessageId ${MessageId})` : '';
    throw new MalformedPayloadError(
      `${LABEL}: Records.${index}.Sns.Message${id} is not JSON`,
      { cause },
    );
  }
}

/** The record's `Sns.Timestamp` as a transport time, when it is a usable one. */
export function snsTransportTime(
  record: SnsLambdaEvent['Records'][number],
): TransportTime | null {
  const at = readIsoWithOffset(record.Sns.Timestamp);
  return at === null ? null : { at, field: 'sns.Timestamp' };
}

/**
 * Returns the JSON-parsed `Sns.Message` of every record, in order. Knows no
 * provider: a bad envelope or a Message that is not JSON throws
 * MalformedPayloadError, unless `options.skip` accepts the raw text.
 * @example unwrapSnsMessages(event, { skip: isSesSetupNotice }).flatMap(...)
 */
export function unwrapSnsMessages(
  event: unknown,
  options: UnwrapSnsOptions = {},
): unknown[] {
  const { Records } = parseOrThrow(SnsLambdaEventSchema, event, LABEL);
  const messages: unknown[] = [];
  Records.forEach((record, i) => {
    const message = parseSnsMessage(record, i, options);
    if (message !== undefined) messages.push(message);
  });
  return messages;
}
