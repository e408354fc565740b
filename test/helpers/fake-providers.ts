import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeBlastengine } from './fake-blastengine';
import {
  type FailRule,
  type FakeProviders,
  type FakeReply,
  type FakeRequest,
  type FakeRoutes,
  json,
} from './fake-common';
import { fakeCmc, fakeMailgun } from './fake-mailgun-cmc';

export * from './fake-common';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: FakeReply): void {
  res.writeHead(reply.status, reply.headers ?? {});
  res.end(reply.body);
}

/**
 * Starts a local fake of the blastengine, Mailgun and CMC APIs on
 * 127.0.0.1 (a free port) serving the fixture pages, checking auth,
 * and failing on demand. Close it in afterAll/afterEach.
 * @example const fake = await startFakeProviders(); fake.fail({ match, status: 500 });
 */
export async function startFakeProviders(
  options: { readonly cmcPages?: Record<string, unknown[]> } = {},
): Promise<FakeProviders> {
  const requests: FakeRequest[] = [];
  const rules: { rule: FailRule; left: number }[] = [];
  const makeRoutes = (): FakeRoutes[] => [
    fakeBlastengine(),
    fakeMailgun(),
    fakeCmc(options.cmcPages),
  ];
  let routes = makeRoutes();
  let origin = '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const seen: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      requests.push(seen);
      const failing = rules.find((r) => r.left > 0 && r.rule.match(seen));
      if (failing) {
        failing.left--;
        const { rule } = failing;
        if (rule.delayMs) await new Promise((r) => setTimeout(r, rule.delayMs));
        send(res, {
          status: rule.status,
          body: rule.body ?? '{"error":"injected"}',
          headers: rule.headers,
        });
        return;
      }
      const reply = routes
        .map((r) => r(seen, origin))
        .find((r) => r !== undefined);
      send(res, reply ?? json({ error: 'no such route' }, 404));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    blastengineUrl: `${origin}/be`,
    mailgunUrl: origin,
    cmcUrl: `${origin}/cmc`,
    requests,
    fail: (rule) => {
      rules.push({ rule, left: rule.times ?? 1 });
    },
    reset: () => {
      requests.length = 0;
      rules.length = 0;
      routes = makeRoutes();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
