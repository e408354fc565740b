import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLakeSink } from '../../../adapters/local/lake-sink';
import {
  command,
  localSecrets,
  missingSecretWarnings,
  summaryLine,
} from '../../../cli/commands/serve';
import {
  type RunningServer,
  type ServedRequest,
  startWebhookServer,
} from '../../../cli/serve/server';
import { CliUsageError, processIo } from '../../../cli/types';
import { loadFixtureText } from '../../helpers/fixtures';
import { MemorySink } from '../../helpers/memory-sink';
import { countPoint } from '../../helpers/metric-points';
import { BLASTENGINE_TOKEN, fakeDeps } from '../../helpers/webhook';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe('mailtrail serve', () => {
  let lake: string;
  let sink: LocalLakeSink;
  let server: RunningServer;
  const served: ServedRequest[] = [];

  beforeAll(async () => {
    lake = await mkdtemp(join(tmpdir(), 'mailtrail-serve-'));
    sink = new LocalLakeSink(lake);
    server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      deps: fakeDeps({ sink, now: () => new Date('2026-03-14T03:00:00Z') }),
      onRequest: (s) => served.push(s),
    });
  });

  afterAll(async () => {
    await server.close();
    sink.close();
    await rm(lake, { recursive: true, force: true });
  });

  it('writes a blastengine webhook to the local lake and answers 200', async () => {
    // Arrange
    const body = loadFixtureText('blastengine', 'webhook-softerror.json');
    // Act
    const res = await fetch(
      `${server.url}/webhooks/blastengine/${BLASTENGINE_TOKEN}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body },
    );
    // Assert
    expect([res.status, await res.json()]).toStrictEqual([
      200,
      { ok: true, events: 1 },
    ]);
    const files = await filesUnder(lake);
    expect(
      files.filter((f) =>
        f.startsWith('events/provider=blastengine/dt=2026-03-14/'),
      ),
    ).toHaveLength(1);
    expect(
      files.filter((f) =>
        f.startsWith('raw/provider=blastengine/dt=2026-03-14/'),
      ),
    ).toHaveLength(1);
  });

  it('reports each request with its metric points', async () => {
    // Arrange
    served.length = 0;
    // Act
    await fetch(`${server.url}/webhooks/blastengine/wrong`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    // Assert
    expect(served).toStrictEqual([
      {
        provider: 'blastengine',
        statusCode: 401,
        points: [
          countPoint('WebhookRequests', { Provider: 'blastengine' }, 1),
          countPoint(
            'WebhookRejected',
            { Provider: 'blastengine', Reason: 'mismatch' },
            1,
          ),
        ],
      },
    ]);
  });

  it.each([
    ['a bad %-escape in the token', '%zz'],
    ['a lone %', '%'],
    ['a truncated escape', 'abc%E3%81'],
  ])('answers %s with 400, then serves the next request', async (_, token) => {
    // Act
    const bad = await fetch(`${server.url}/webhooks/blastengine/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const next = await fetch(
      `${server.url}/webhooks/blastengine/${BLASTENGINE_TOKEN}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: loadFixtureText('blastengine', 'webhook-softerror.json'),
      },
    );
    // Assert
    expect([bad.status, await bad.json()]).toStrictEqual([
      400,
      { error: 'bad %-escape in path', reason: 'malformed' },
    ]);
    expect(next.status).toBe(200);
  });

  it.each([
    ['an unknown path', 'POST', '/webhooks/ses', 404],
    ['a GET', 'GET', '/webhooks/mailgun', 405],
  ])('answers %s with %s', async (_, method, path, status) => {
    // Act
    const res = await fetch(`${server.url}${path}`, { method });
    // Assert
    expect(res.status).toBe(status);
  });
});

describe('serve command line', () => {
  it.each([
    [['--port', 'http'], '--port must be 0–65535, got "http"'],
    [['--timezone', 'Mars/Olympus'], 'unknown timezone "Mars/Olympus"'],
  ])('refuses %j', async (args, message) => {
    // Act
    const run = command.run(args, processIo());
    // Assert
    await expect(run).rejects.toThrow(new CliUsageError(message));
  });
});

describe('summaryLine', () => {
  it('prints time, provider, status and counts on one line', () => {
    // Arrange
    const served: ServedRequest = {
      provider: 'mailgun',
      statusCode: 200,
      points: [
        countPoint('Delivered', { Provider: 'mailgun' }, 1),
        countPoint(
          'Delivered',
          { Provider: 'mailgun', SendingDomain: 'mg.example.com' },
          1,
        ),
      ],
    };
    // Act
    const line = summaryLine(served, new Date('2026-03-14T03:00:00Z'));
    // Assert
    expect(line).toBe(
      '2026-03-14T03:00:00.000Z mailgun 200 Delivered=1 Delivered{SendingDomain=mg.example.com}=1',
    );
  });
});

describe('serve with MAILTRAIL_CMC_BASIC_PASSWORD unset', () => {
  const env = { MAILTRAIL_CMC_BASIC_USER: 'cmc' };

  it('warns that cmc requests will answer 500', async () => {
    // Act
    const warnings = missingSecretWarnings(await localSecrets(env, undefined));
    // Assert
    expect(warnings).toContain(
      'mailtrail serve: MAILTRAIL_CMC_BASIC_USER is set without MAILTRAIL_CMC_BASIC_PASSWORD; cmc requests get 500 (see --help)\n',
    );
  });

  it('answers Basic "cmc:" with 500 config, never 200', async () => {
    // Arrange
    const secrets = await localSecrets(env, undefined);
    const sink = new MemorySink();
    const server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      deps: fakeDeps({ sink, secrets: async () => secrets }),
    });
    // Act
    const res = await fetch(`${server.url}/webhooks/cmc`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('cmc:').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: loadFixtureText('cmc', 'webhook-v2-deliveries.json'),
    });
    await server.close();
    // Assert
    expect(res.status).toBe(500);
    expect(((await res.json()) as { reason: string }).reason).toBe('config');
    expect(sink.events).toHaveLength(0);
  });
});

describe('localSecrets', () => {
  it('reads secrets from the environment', async () => {
    // Act
    const secrets = await localSecrets(
      {
        MAILTRAIL_MAILGUN_SIGNING_KEY: 'mk',
        MAILTRAIL_CMC_BASIC_USER: 'u',
        MAILTRAIL_CMC_BASIC_PASSWORD: 'p',
      },
      undefined,
    );
    // Assert
    expect(secrets).toStrictEqual({
      mailgunSigningKeys: ['mk'],
      blastengineTokens: [],
      cmc: { apiKeys: [], basic: [{ user: 'u', password: 'p' }] },
    });
  });

  it('lets a secrets file override the environment', async () => {
    // Arrange
    const dir = await mkdtemp(join(tmpdir(), 'mailtrail-secrets-'));
    const file = join(dir, 'secrets.json');
    await writeFile(
      file,
      JSON.stringify({ blastengineToken: 't', cmcApiKey: 'k' }),
    );
    // Act
    const secrets = await localSecrets(
      { MAILTRAIL_BLASTENGINE_TOKEN: 'env' },
      file,
    );
    // Assert
    expect(secrets).toStrictEqual({
      mailgunSigningKeys: [],
      blastengineTokens: ['t'],
      cmc: { apiKeys: ['k'], basic: [] },
    });
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with one clear message on an unreadable file', async () => {
    // Act
    const read = localSecrets({}, '/nonexistent/secrets.json');
    // Assert
    await expect(read).rejects.toThrow(
      'cannot read secrets file /nonexistent/secrets.json: Error',
    );
  });
});
