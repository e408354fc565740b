/**
 * Attacker-shaped webhook bodies, each beside a plain body of the same size
 * and shape: the same wrapper with its repeated unit replaced by `x`. Shared
 * by `npm run bench -- --only adversarial` and the adversarial tests.
 */
import type { WebhookProvider } from '../contract/webhook-providers';

/** One attack: a wrapper around a repeated unit, sent to one provider. */
export interface AdversarialCase {
  readonly name: string;
  readonly provider: WebhookProvider;
  readonly contentType: string;
  /** Builds the body around the filler (the repeated unit, or plain `x`s). */
  readonly wrap: (filler: string) => string;
  /** The ASCII unit an attacker repeats. */
  readonly unit: string;
}

const BOUNDARY = 'AdversarialBoundary';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const JSON_TYPE = 'application/json';

/** A blastengine webhook whose detail fields are whatever the test needs. */
const blastengine = (detail: string): string =>
  `{"events":[{"event":{"type":"HARDERROR","datetime":"2026-03-14T11:31:10+09:00","detail":{"mailaddress":"to@example.jp","delivery_id":1,"error_code":"550",${detail}}}}]}`;

/** Every attack the webhook must handle in time linear in the body size. */
export const ADVERSARIAL_CASES: readonly AdversarialCase[] = [
  {
    // The old redaction regex was quadratic on these (issue 11, item 1).
    name: 'multipart Content-Disposition lines',
    provider: 'cmc',
    contentType: MULTIPART,
    wrap: (f) => `--${BOUNDARY}\r\n${f}\r\n\r\nv\r\n--${BOUNDARY}--\r\n`,
    unit: 'Content-Disposition: ; name=""\r\n',
  },
  {
    name: 'multipart empty parts',
    provider: 'cmc',
    contentType: MULTIPART,
    wrap: (f) => `${f}--${BOUNDARY}--\r\n`,
    unit: `--${BOUNDARY}\r\n`,
  },
  {
    name: 'multipart name parameters',
    provider: 'cmc',
    contentType: MULTIPART,
    wrap: (f) =>
      `--${BOUNDARY}\r\nContent-Disposition: form-data${f}\r\n\r\nv\r\n--${BOUNDARY}--\r\n`,
    unit: '; name="',
  },
  {
    name: 'JSON secret keys',
    provider: 'cmc',
    contentType: JSON_TYPE,
    wrap: (f) => `{${f}"event_type":"deliveries"}`,
    unit: '"api_key":"",',
  },
  {
    name: 'form ampersands',
    provider: 'cmc',
    contentType: 'application/x-www-form-urlencoded',
    wrap: (f) => `api_key=k&${f}`,
    unit: '&password=',
  },
  {
    // smtpStatusOf's /\[[^\]]*\]/ was quadratic on a run of `[` (item 2).
    name: 'brackets in a diagnostic',
    provider: 'blastengine',
    contentType: JSON_TYPE,
    wrap: (f) => blastengine(`"error_message":"550 ${f}"`),
    unit: '[',
  },
  {
    // JSON escaping grows \u0001 6× (item 5): capped during normalization.
    name: 'control characters in a subject',
    provider: 'blastengine',
    contentType: JSON_TYPE,
    wrap: (f) => blastengine(`"subject":"${f}"`),
    unit: '\\u0001',
  },
];

/** The attack body of a case, with about `bytes` bytes of repeated unit. */
export function attackBody(c: AdversarialCase, bytes: number): string {
  return c.wrap(c.unit.repeat(Math.max(1, Math.floor(bytes / c.unit.length))));
}

/** The plain body of the same case and the same length as attackBody. */
export function plainBody(c: AdversarialCase, bytes: number): string {
  const units = Math.max(1, Math.floor(bytes / c.unit.length));
  return c.wrap('x'.repeat(units * c.unit.length));
}
