import { MalformedPayloadError } from './errors';
import * as z from './zod';

/**
 * Parses `value` with a zod schema, or throws one MalformedPayloadError that
 * names every invalid field, e.g. `SES event: mail.messageId: Invalid input`.
 * @example parseOrThrow(MailSchema, payload.mail, 'SES event', 'mail')
 */
export function parseOrThrow<T extends z.core.$ZodType>(
  schema: T,
  value: unknown,
  what: string,
  prefix?: string,
): z.output<T> {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new MalformedPayloadError(`${what}: ${problems.join('; ')}`, {
    cause: result.error,
  });
}
