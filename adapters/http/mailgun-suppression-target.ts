import type { PushTarget } from '../../app/suppressions/push';
import type { SuppressionReason } from '../../core/suppressions/entry';

/** Mailgun's suppression list per reason (POST /v3/{domain}/{list}). */
export const MAILGUN_LIST: Readonly<Record<SuppressionReason, string>> = {
  hard_bounce: 'bounces',
  soft_bounces: 'bounces',
  complaint: 'complaints',
  unsubscribe: 'unsubscribes',
};

/** Options of {@link mailgunSuppressionTarget}. */
export interface MailgunTargetOptions {
  /** https://api.mailgun.net or https://api.eu.mailgun.net */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly domains: readonly string[];
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * Mailgun's bounces, complaints and unsubscribes lists of every configured
 * domain (adding an address that is there already just updates it). A
 * non-2xx answer throws with its status only: the body is never echoed.
 */
export function mailgunSuppressionTarget(
  opts: MailgunTargetOptions,
): PushTarget {
  const send = opts.fetch ?? fetch;
  const auth = `Basic ${Buffer.from(`api:${opts.apiKey}`).toString('base64')}`;
  return {
    name: 'mailgun',
    async push(address, reason) {
      const list = MAILGUN_LIST[reason];
      for (const domain of opts.domains) {
        const form = new URLSearchParams({ address });
        if (list === 'unsubscribes') form.set('tag', '*');
        const res = await send(
          `${opts.baseUrl}/v3/${encodeURIComponent(domain)}/${list}`,
          {
            method: 'POST',
            headers: { authorization: auth },
            body: form,
            signal: AbortSignal.timeout(10_000),
          },
        );
        if (!res.ok) {
          throw new Error(`Mailgun ${domain}/${list} answered ${res.status}`);
        }
      }
    },
  };
}
