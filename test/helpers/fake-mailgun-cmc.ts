import {
  FAKE_CREDENTIALS,
  type FakeReply,
  type FakeRequest,
  type FakeRoutes,
  json,
} from './fake-common';
import { loadFixture, loadFixtureText } from './fixtures';

const MAILGUN_AUTH = `Basic ${Buffer.from(`api:${FAKE_CREDENTIALS.mailgun.apiKey}`).toString('base64')}`;

/** A Mailgun fixture with its paging URLs pointing at the fake. */
function mailgunFixture(name: string, origin: string): FakeReply {
  const text = loadFixtureText('mailgun', `${name}.json`);
  return {
    status: 200,
    body: text.replaceAll('https://api.mailgun.net', origin),
    headers: { 'content-type': 'application/json' },
  };
}

/** The events fixture page, its items filtered to [begin, end] like the API. */
function eventsPage(req: FakeRequest, origin: string): FakeReply {
  const page = JSON.parse(
    mailgunFixture('events-api-page', origin).body as string,
  );
  const begin = Number(req.query.get('begin') ?? 0);
  const end = Number(req.query.get('end') ?? Number.POSITIVE_INFINITY);
  page.items = page.items.filter(
    (e: { timestamp: number }) => e.timestamp >= begin && e.timestamp <= end,
  );
  return json(page);
}

/** A suppression list: one entry, then an empty page. */
function suppressionPage(
  req: FakeRequest,
  origin: string,
  list: string,
): FakeReply {
  const next = `${origin}${req.path}?page=next&limit=1000`;
  if (req.query.get('page') === 'next')
    return json({ items: [], paging: { next } });
  const item = {
    address: `${list}@example.com`,
    created_at: 'Fri, 13 Mar 2026 10:00:00 UTC',
  };
  return json({ items: [item], paging: { next } });
}

/**
 * Mailgun at the root (`/v3/<domain>/…`): the events fixture page (items
 * within begin/end), then
 * the empty page at its `paging.next`; stats totals; suppression lists.
 */
export function fakeMailgun(): FakeRoutes {
  return (req, origin) => {
    const m = /^\/v3\/([^/]+)\/(.+)$/.exec(req.path);
    if (!m) return undefined;
    if (req.headers.authorization !== MAILGUN_AUTH) {
      return {
        status: 401,
        body: 'Forbidden',
        headers: { 'content-type': 'text/plain' },
      };
    }
    const rest = m[2]!;
    if (rest === 'events') return eventsPage(req, origin);
    if (rest.startsWith('events/'))
      return mailgunFixture('events-api-page-empty', origin);
    if (rest === 'stats/total')
      return json(loadFixture('mailgun', 'stats-total'));
    if (/^(bounces|complaints|unsubscribes)$/.test(rest)) {
      return suppressionPage(req, origin, rest);
    }
    return undefined;
  };
}

/**
 * CMC under `/cmc` (standing for /transaction/v2): POST <list>/list.json
 * with credentials in the JSON body; page 0 is the fixture, later pages are
 * empty unless `pages` says otherwise.
 */
export function fakeCmc(pages: Record<string, unknown[]> = {}): FakeRoutes {
  return (req) => {
    const m = /^\/cmc\/(deliveries|bounces|blocks)\/list\.json$/.exec(req.path);
    if (!m || req.method !== 'POST') return undefined;
    const list = m[1]!;
    const body = JSON.parse(req.body || '{}') as Record<string, unknown>;
    const { apiUser, apiKey } = FAKE_CREDENTIALS.cmc;
    if (body.api_user !== apiUser || body.api_key !== apiKey) {
      return json(
        { errors: [{ code: 'AUTH', message: 'Authentication failed' }] },
        401,
      );
    }
    const p = Number(body.p ?? 0);
    const own = pages[list];
    if (own) return json(own[p] ?? { [list]: [] });
    return json(
      p === 0
        ? loadFixture('cmc', `api-${list}-list-response`)
        : { [list]: [] },
    );
  };
}
