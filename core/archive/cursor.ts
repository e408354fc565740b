import { PipelineError } from '../errors';
import * as z from '../zod';

/**
 * Validates a stored cursor against its schema; a missing cursor (null) is
 * the initial one. A cursor that does not parse fails the run loudly rather
 * than silently restarting (which could re-archive or skip data).
 * @example parseCursor(MailgunCursorSchema, stored, INITIAL, 'mailgun-mg.example.com')
 */
export function parseCursor<T>(
  schema: z.core.$ZodType<T>,
  value: unknown,
  initial: T,
  id: string,
): T {
  if (value === null || value === undefined) return initial;
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const where = result.error.issues
    .map((i) => i.path.join('.') || '(root)')
    .join(', ');
  throw new PipelineError(
    `archive cursor ${id} is not valid (${where}); fix or delete it`,
    'malformed',
  );
}
