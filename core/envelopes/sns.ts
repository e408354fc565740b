import { MalformedPayloadError } from '../errors';
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

/** True when `x` looks like an SNS → Lambda event (every record from aws:sns). */
export function isSnsLambdaEvent(x: unknown): boolean {
  // Cheap shape test first: a failed zod parse builds issues, and most
  // payloads asked about are plain provider events.
  return (
    typeof x === 'object' &&
    x !== null &&
    'Records' in x &&
    SnsLambdaEventSchema.safeParse(x).success
  );
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
  return Records.flatMap(({ Sns }, i) => {
    if (options.skip?.(Sns.Message)) return [];
    try {
      return [JSON.parse(Sns.Message) as unknown];
    } catch (cause) {
      const id = Sns.MessageId ? ` (MessageId ${Sns.MessageId})` : '';
      throw new MalformedPayloadError(
        `${LABEL}: Records.${i}.Sns.Message${id} is not JSON`,
        { cause },
      );
    }
  });
}
