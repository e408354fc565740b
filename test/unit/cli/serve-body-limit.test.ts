import { request } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  type ServedRequest,
  startWebhookServer,
} from '../../../cli/serve/server';
import { loadFixtureText } from '../../helpers/fixtures';
import { countPoint } from '../../helpers/metric-points';
import { BLASTENGINE_TOKEN, fakeDeps } from '../../helpers/webhook';

const LIMIT = 1_000_000;
const ATTACK_BYTES = 800 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/**
 * POSTs a body streamed lazily (never held in memory), up to `total` bytes;
 * answers the status and how many bytes had been produced when the
 * response arrived, then aborts the upload.
 */
function streamPost(
  url: string,
  total: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; producedAtResponse: number; body: string }> {
  let produced = 0;
  const body = new Readable({
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      produced += CHUNK.length;
      this.push(CHUNK);
    },
  });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const producedAtResponse = produced;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          body.destroy();
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            producedAtResponse,
            body: text,
          });
        });
      },
    );
    // The server closes the connection mid-upload: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
    body.pipe(req);
  });
}

describe('serve reads at most maxBodyBytes of a body', () => {
  let server: RunningServer;
  const served: ServedRequest[] = [];
  const deps = fakeDeps();

  beforeAll(async () => {
    server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      deps: { ...deps, config: { ...deps.config, maxBodyBytes: LIMIT } },
      onRequest: (s) => served.push(s),
    });
  });

  afterAll(async () => {
    await server.close();
  });

  const url = () => `${server.url}/webhooks/blastengine/${BLASTENGINE_TOKEN}`;

  it('answers 413 to a streamed 800 MB body after reading about the limit, not the body', async () => {
    // Arrange
    const rssBefore = process.memoryUsage().rss;
    // Act
    const res = await streamPost(url(), ATTACK_BYTES);
    // Assert: the answer came long before the upload could finish, and the
    // process did not grow by anything like the body.
    expect([res.status, JSON.parse(res.body).reason]).toStrictEqual([
      413,
      'too-large',
    ]);
    expect(res.producedAtResponse).toBeLessThan(32 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(
      200 * 1024 * 1024,
    );
    expect(deps.sink.raw).toStrictEqual([]);
    expect(served.at(-1)?.points).toStrictEqual([
      countPoint('WebhookRequests', { Provider: 'blastengine' }, 1),
      countPoint(
        'WebhookRejected',
        { Provider: 'blastengine', Reason: 'too-large' },
        1,
      ),
    ]);
  });

  it('answers 413 at once to a Content-Length over the limit', async () => {
    // Act
    const res = await streamPost(url(), ATTACK_BYTES, {
      'content-length': String(ATTACK_BYTES),
    });
    // Assert
    expect(res.status).toBe(413);
    expect(res.producedAtResponse).toBeLessThan(32 * 1024 * 1024);
  });

  it('still serves a valid request afterwards', async () => {
    // Act
    const res = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: loadFixtureText('blastengine', 'webhook-softerror.json'),
    });
    // Assert
    expect(res.status).toBe(200);
    expect(deps.sink.events.map((e) => e.provider)).toStrictEqual([
      'blastengine',
    ]);
  });
});
