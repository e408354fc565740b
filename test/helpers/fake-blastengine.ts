import {
  type FakeReply,
  type FakeRequest,
  type FakeRoutes,
  fakeBlastengineBearer,
  json,
} from './fake-common';
import { loadFixture } from './fixtures';

type Row = Record<string, unknown>;
const page = (name: string): { data: Row[] } =>
  loadFixture('blastengine', name);

/** Fixture log pages by anchor: none → page 1, 901203 → page 2, else empty. */
function logsPage(anchor: string | null): unknown {
  if (anchor === null) return page('api-logs-mails-results-page1');
  if (anchor === '901203') {
    return page('api-logs-mails-results-page2-anchor-901203');
  }
  return page('api-logs-mails-results-empty');
}

/** The detail of a fixture row: the detail fixture with that row's fields. */
function detail(id: number): FakeReply {
  const rows = [
    ...page('api-logs-mails-results-page1').data,
    ...page('api-logs-mails-results-page2-anchor-901203').data,
  ];
  const row = rows.find((r) => r.maillog_id === id);
  if (!row) return json({ error_messages: { main: ['not found'] } }, 404);
  return json({
    ...loadFixture<Row>('blastengine', 'api-logs-mails-detail'),
    ...row,
  });
}

/**
 * blastengine under `/be` (the base URL stands for /api/v1): logs by
 * anchor, details, deliveries, and report jobs that finish on the second
 * status poll.
 */
export function fakeBlastengine(): FakeRoutes {
  let nextJob = 7731;
  const polls = new Map<string, number>();
  return (req: FakeRequest): FakeReply | undefined => {
    if (!req.path.startsWith('/be/')) return undefined;
    if (req.headers.authorization !== fakeBlastengineBearer()) {
      return json({ error_messages: { main: ['認証に失敗しました'] } }, 401);
    }
    const path = req.path.slice(3);
    if (path === '/logs/mails/results')
      return json(logsPage(req.query.get('anchor')));
    const logId = /^\/logs\/mails\/(\d+)$/.exec(path);
    if (logId) return detail(Number(logId[1]));
    if (path === '/deliveries') {
      return req.query.get('page') === '1'
        ? json(loadFixture('blastengine', 'api-deliveries-list'))
        : json({ data: [] });
    }
    if (
      req.method === 'POST' &&
      /^\/deliveries\/\d+\/analysis\/report$/.test(path)
    ) {
      return json({ job_id: nextJob++ });
    }
    const status = /^\/deliveries\/-\/analysis\/report\/(\d+)$/.exec(path);
    if (status) {
      const n = (polls.get(status[1]!) ?? 0) + 1;
      polls.set(status[1]!, n);
      const name = n >= 2 ? 'done' : 'in-progress';
      return json(
        loadFixture('blastengine', `api-analysis-report-status-${name}`),
      );
    }
    const download =
      /^\/deliveries\/-\/analysis\/report\/(\d+)\/download$/.exec(path);
    if (download) {
      const zip = Buffer.concat([
        Buffer.from([0x50, 0x4b, 3, 4]),
        Buffer.from(`job-${download[1]}`),
      ]);
      return {
        status: 200,
        body: zip,
        headers: { 'content-type': 'application/zip' },
      };
    }
    return undefined;
  };
}
