import type { SesMail } from './ses-schema';

// Hand-written equivalents of SesHeadSchema and SesEventSchema's success:
// every SES event passes them, and zod's parse copied each object it checked
// (the `mail` object with its tags and headers) on the hot path. They accept
// exactly what the schemas accept (test/unit/core/providers/ses-read.test.ts
// checks that against zod); on null the caller lets zod name the problem.

type Obj = Record<string, unknown>;

const isObject = (x: unknown): x is Obj =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** undefined, null or a string: `z.nullish(z.string())`. */
const isText = (x: unknown): boolean => x == null || typeof x === 'string';

const isAddress = (x: unknown): boolean =>
  typeof x === 'string' && x.length > 0;

function isAddressList(x: unknown): boolean {
  if (!Array.isArray(x) || x.length === 0) return false;
  for (const a of x) if (!isAddress(a)) return false;
  return true;
}

function isTagRecord(x: unknown): boolean {
  if (x == null) return true;
  if (!isObject(x)) return false;
  for (const key in x) {
    const v = x[key];
    if (typeof v === 'string') continue;
    if (!Array.isArray(v)) return false;
    for (const s of v) if (typeof s !== 'string') return false;
  }
  return true;
}

/** The discriminator, `eventType ?? notificationType`, or null if malformed. */
export function readSesHead(
  payload: unknown,
): { readonly type: string | null | undefined } | null {
  if (!isObject(payload)) return null;
  const { eventType, notificationType } = payload;
  if (!isText(eventType) || !isText(notificationType)) return null;
  return { type: (eventType ?? notificationType) as string | null | undefined };
}

/** `payload.mail` when SesMailSchema would accept it, else null. */
export function readSesMail(payload: unknown): SesMail | null {
  const mail = isObject(payload) ? payload.mail : undefined;
  if (!isObject(mail)) return null;
  const headers = mail.commonHeaders;
  const ok =
    isText(mail.timestamp) &&
    isAddress(mail.messageId) &&
    isText(mail.source) &&
    isAddressList(mail.destination) &&
    (headers == null || (isObject(headers) && isText(headers.subject))) &&
    isTagRecord(mail.tags);
  return ok ? (mail as SesMail) : null;
}
