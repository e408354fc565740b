import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { SES_MATCHING_EVENT_TYPES } from '../../core/ses/attach-plan';

/**
 * moto 5.2.1 implements SES v2 configuration sets but none of the
 * configuration-set event-destination routes (they answer 404 HTML), and no
 * account-level suppression list at all. This shim serves those routes
 * itself, in the SES v2 REST JSON shape, and proxies every other request to
 * moto — so the set really lives in moto and a missing set is moto's
 * NotFoundException.
 */
export interface SesV2Shim {
  readonly endpoint: string;
  /** The account-level suppression list (PutSuppressedDestination): address → reason. */
  readonly suppressed: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

const SUPPRESSION_ROUTE = '/v2/email/suppression/addresses';

/** PutSuppressedDestination (PUT) into `list`, as SES v2 validates it. */
function suppress(list: Map<string, string>, body: Buffer): Reply {
  const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const address = input.EmailAddress;
  const reason = input.Reason;
  if (typeof address !== 'string' || !address.includes('@')) {
    return [400, { message: 'bad EmailAddress' }, 'BadRequestException'];
  }
  if (reason !== 'BOUNCE' && reason !== 'COMPLAINT') {
    return [400, { message: 'bad Reason' }, 'BadRequestException'];
  }
  list.set(address, reason);
  return [200, {}];
}

const ROUTE =
  /^\/v2\/email\/configuration-sets\/([^/]+)\/event-destinations(?:\/([^/]+))?$/;

// Headers fetch sets itself (or refuses), in both directions.
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'expect',
  'upgrade',
]);

type Destinations = Map<string, Record<string, unknown>>;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  errorType?: string,
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function proxy(
  moto: string,
  req: IncomingMessage,
  body: Buffer,
  override: { method: string; url: string } = {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
  },
): Promise<Response> {
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(
      ([k, v]) => typeof v === 'string' && !HOP_BY_HOP.has(k),
    ),
  ) as Record<string, string>;
  const { method, url } = override;
  return fetch(`${moto}${url}`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
}

function invalidTypes(definition: Record<string, unknown>): string[] {
  const types = (definition.MatchingEventTypes ?? []) as string[];
  return types.filter(
    (t) => !(SES_MATCHING_EVENT_TYPES as readonly string[]).includes(t),
  );
}

type Reply = readonly [status: number, body: unknown, errorType?: string];

/** Answers one event-destination call for a set that exists in moto. */
function destinations(
  method: string,
  dests: Destinations,
  name: string | undefined,
  body: Buffer,
): Reply {
  const input = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
  if (method === 'GET' && !name) {
    const list = [...dests].map(([Name, d]) => ({ Name, ...d }));
    return [200, { EventDestinations: list }];
  }
  const key = name ?? (input.EventDestinationName as string);
  const bad = invalidTypes(input.EventDestination ?? {});
  if (bad.length > 0) {
    return [400, { message: `bad types ${bad}` }, 'BadRequestException'];
  }
  if (method === 'POST' && !name) {
    if (dests.has(key)) {
      return [400, { message: `${key} exists` }, 'AlreadyExistsException'];
    }
    dests.set(key, input.EventDestination);
    return [200, {}];
  }
  if (!dests.has(key)) {
    return [404, { message: `${key} not found` }, 'NotFoundException'];
  }
  if (method === 'PUT') dests.set(key, input.EventDestination);
  else if (method === 'DELETE') dests.delete(key);
  else return [405, { message: method }, 'BadRequestException'];
  return [200, {}];
}

/** Starts the shim in front of moto on a free local port. */
export async function startSesV2Shim(moto: string): Promise<SesV2Shim> {
  const sets = new Map<string, Destinations>();
  const suppressed = new Map<string, string>();
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await bodyOf(req);
      const path = (req.url ?? '').split('?')[0]!;
      if (path === SUPPRESSION_ROUTE && req.method === 'PUT') {
        const [status, reply, errorType] = suppress(suppressed, body);
        return send(res, status, reply, errorType);
      }
      const route = ROUTE.exec(path);
      if (!route) {
        const upstream = await proxy(moto, req, body);
        const headers = [...upstream.headers].filter(
          ([k]) => !HOP_BY_HOP.has(k),
        );
        res.writeHead(upstream.status, Object.fromEntries(headers));
        res.end(Buffer.from(await upstream.arrayBuffer()));
        return;
      }
      const set = decodeURIComponent(route[1]!);
      const name = route[2] ? decodeURIComponent(route[2]) : undefined;
      // The set must exist in moto, exactly as SES checks it.
      const check = await proxy(moto, req, Buffer.alloc(0), {
        method: 'GET',
        url: `/v2/email/configuration-sets/${route[1]}`,
      });
      if (check.status === 404) {
        return send(
          res,
          404,
          { message: `Configuration set <${set}> does not exist.` },
          'NotFoundException',
        );
      }
      const dests = sets.get(set) ?? new Map();
      sets.set(set, dests);
      const [status, reply, errorType] = destinations(
        req.method ?? 'GET',
        dests,
        name,
        body,
      );
      send(res, status, reply, errorType);
    } catch (err) {
      send(res, 500, { message: String(err) }, 'InternalFailure');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    suppressed,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      ),
  };
}
