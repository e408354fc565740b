import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleWebhook } from '../../app/webhook/ingest';
import { respond } from '../../app/webhook/responses';
import type {
  WebhookDeps,
  WebhookRequest,
  WebhookResponse,
} from '../../app/webhook/types';
import type { WebhookProvider } from '../../contract/webhook-providers';
import { countPipeline } from '../../core/metrics/pipeline';
import type { MetricPoint } from '../../core/metrics/types';

/** The same routes as the HTTP API (lib/constructs/webhook-ingest.ts). */
const ROUTE = /^\/webhooks\/(?:(mailgun|cmc)|(blastengine)\/([^/]+))\/?$/;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** One handled request, for the per-request summary line. */
export interface ServedRequest {
  readonly provider: WebhookProvider | null;
  readonly statusCode: number;
  readonly points: readonly MetricPoint[];
}

/** A running local webhook server. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** A path segment %-decoded; null for a bad escape such as `%zz` or `%`. */
function decodePath(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Reads the body while counting its bytes: stops reading as soon as it is
 * over `limit` (or its Content-Length says it will be) and answers null, so
 * an oversized POST is never buffered.
 */
function readBodyWithin(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData).pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/** The pipeline's 413, counted the same way, for a body cut off unread. */
function tooLarge(
  provider: WebhookProvider,
  limit: number,
  deps: WebhookDeps,
): WebhookResponse {
  void deps.publish([
    countPipeline('WebhookRequests', { Provider: provider }),
    countPipeline('WebhookRejected', {
      Provider: provider,
      Reason: 'too-large',
    }),
  ]);
  return {
    ...respond(413, {
      error: `body is over the limit of ${limit} bytes`,
      reason: 'too-large',
    }),
    // The rest of the body is never read: close rather than drain it.
    headers: { 'content-type': 'application/json', connection: 'close' },
  };
}

/** Text bodies pass as is; anything not UTF-8 travels base64 like API GW. */
function transportBody(bytes: Buffer): {
  body: string;
  isBase64Encoded: boolean;
} {
  try {
    return { body: UTF8.decode(bytes), isBase64Encoded: false };
  } catch {
    return { body: bytes.toString('base64'), isBase64Encoded: true };
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

async function route(
  req: IncomingMessage,
  deps: WebhookDeps,
): Promise<{ res: WebhookResponse; provider: WebhookProvider | null }> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const match = ROUTE.exec(path);
  if (!match) {
    return { res: respond(404, { error: 'not found' }), provider: null };
  }
  const provider = (match[1] ?? match[2]) as WebhookProvider;
  if (req.method !== 'POST') {
    return { res: respond(405, { error: 'use POST' }), provider };
  }
  const pathToken = match[3] === undefined ? undefined : decodePath(match[3]);
  if (pathToken === null) {
    return {
      res: respond(400, { error: 'bad %-escape in path', reason: 'malformed' }),
      provider,
    };
  }
  const limit = deps.config.maxBodyBytes;
  const body = await readBodyWithin(req, limit);
  if (body === null) return { res: tooLarge(provider, limit, deps), provider };
  const request: WebhookRequest = {
    provider,
    pathToken,
    headers: headersOf(req),
    ...transportBody(body),
    sourceIp: req.socket.remoteAddress ?? '',
    requestId: randomUUID(),
  };
  return { res: await handleWebhook(request, deps), provider };
}

/**
 * Serves the webhook routes with node:http through the same handleWebhook as
 * the Lambda. `onRequest` receives a summary (never a body or the path,
 * which holds the blastengine token) and the metric points of each request.
 */
export async function startWebhookServer(options: {
  readonly host: string;
  readonly port: number;
  readonly deps: WebhookDeps;
  readonly onRequest?: (served: ServedRequest) => void;
}): Promise<RunningServer> {
  const server = createServer((req, out: ServerResponse) => {
    const points: MetricPoint[] = [];
    const deps: WebhookDeps = {
      ...options.deps,
      publish: async (p) => {
        points.push(...p);
      },
    };
    route(req, deps)
      .catch(() => ({
        res: respond(500, { error: 'internal error' }),
        provider: null,
      }))
      .then(({ res, provider }) => {
        out.writeHead(res.statusCode, res.headers).end(res.body);
        options.onRequest?.({ provider, statusCode: res.statusCode, points });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
