import { decodeHttpBody } from '../../../../core/envelopes/http-body';
import type { NormalizeContext } from '../../../../core/providers/types';
import type { EmailEvent } from '../../../../core/schema';
import { listFixtures, loadFixtureText } from '../../../helpers/fixtures';

/** A webhook delivery context with a fixed receive time. */
export const CTX: NormalizeContext = {
  receivedAt: '2026-03-14T03:00:00.000Z',
  source: 'webhook',
};
/** The same, as the archiver passes list responses. */
export const ARCHIVE: NormalizeContext = { ...CTX, source: 'archive' };
/** The subject of the CMC fixtures. */
export const SUBJECT = '【サンプル商店】ご注文ありがとうございます';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Every CMC fixture file name. */
export const cmcFixtureFiles = (): string[] => listFixtures('cmc', /./);

/** A CMC fixture decoded the way the webhook handler decodes the request. */
export function decodeCmcFixture(file: string): unknown {
  const body = loadFixtureText('cmc', file);
  if (file.endsWith('.json')) return JSON.parse(body);
  if (file.endsWith('.form-urlencoded.txt')) {
    return decodeHttpBody({
      body,
      contentType: 'application/x-www-form-urlencoded',
    });
  }
  // A multipart fixture starts with its first delimiter: `--<boundary>`.
  const boundary = body.slice(2, body.indexOf('\r\n'));
  return decodeHttpBody({
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
  });
}

/** One CMC deliveries record with overridable fields. */
export function delivery(fields: Json = {}): Json {
  return {
    created: '2026-03-14 08:59:59',
    returnPath: 'bounce@return.example.jp',
    from: 'info@example.jp',
    to: 'taro@example.jp',
    messageId: '<m-1@app.example.jp>',
    reason: '',
    status: 'queued',
    subject: 'hello',
    apiData: '',
    ...fields,
  };
}

/** The fields that carry the mapping decision. */
export const mapping = (e: EmailEvent) => ({
  event_type: e.event_type,
  bounce_type: e.bounce_type,
  provider_event: e.provider_event,
  smtp_code: e.smtp_code,
  smtp_status: e.smtp_status,
});
