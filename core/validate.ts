import type { z } from 'zod';
import { MalformedPayloadError } from './errors';

/**
 * Parses `value` with a zod schema, or throws one MalformedPayloadError that
 * names every invalid field, e.g. `SES event: mail.messageId: Invalid input`.
 * @example parseOrThrow(MailSchema, payload.mail, 'SES event', 'mail')
 */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
  prefix?: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new MalformedPayloadError(`${what}: ${problems.join('; ')}`, {
    cause: result.error,
  });
}
