import { beforeEach, describe, expect, it } from 'vitest';
import {
  ProviderAuthError,
  ProviderHttpError,
} from '../../../../app/archive/errors';
import {
  ArchiveHttpClient,
  type ArchiveHttpOptions,
} from '../../../../app/archive/http-client';
import { blastengineToken } from '../../../../core/archive/blastengine';
import type { HttpRequestSpec } from '../../../../core/archive/types';
import {
  FAKE_CREDENTIALS,
  fakeBlastengineBearer,
} from '../../../helpers/fake-providers';
import { useFakeProviders } from '../../../helpers/use-fake-providers';

const { loginId, apiKey } = FAKE_CREDENTIALS.blastengine;
const TOKEN = blastengineToken(loginId, apiKey);
const fake = useFakeProviders();
let sleeps: number[];

const spec = (
  path = '/logs/mails/results',
  auth = fakeBlastengineBearer(),
): HttpRequestSpec => ({
  method: 'GET',
  url: `${fake.blastengineUrl}${path}`,
  headers: { Authorization: auth },
});
const client = (opts: Partial<ArchiveHttpOptions> = {}) =>
  new ArchiveHttpClient({
    provider: 'blastengine',
    secrets: [apiKey, TOKEN],
    baseDelayMs: 100,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0,
    ...opts,
  });
const logsRequests = () =>
  fake.requests.filter((r) => r.path === '/be/logs/mails/results');
const onLogs = (r: { path: string }) => r.path === '/be/logs/mails/results';

beforeEach(() => {
  sleeps = [];
});

describe('ArchiveHttpClient', () => {
  it('returns the parsed JSON of a 2xx answer', async () => {
    // Act
    const body = (await client().json(spec())) as { data: unknown[] };
    // Assert
    expect(body.data).toHaveLength(3);
  });

  it('retries a 500 after a backoff and then succeeds', async () => {
    // Arrange
    fake.fail({ match: onLogs, status: 500 });
    // Act
    const body = (await client().json(spec())) as { data: unknown[] };
    // Assert
    expect([body.data.length, logsRequests().length, sleeps]).toStrictEqual([
      3,
      2,
      [50],
    ]);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    // Arrange
    fake.fail({ match: onLogs, status: 429, headers: { 'Retry-After': '3' } });
    // Act
    await client().json(spec());
    // Assert
    expect(sleeps).toStrictEqual([3000]);
  });

  it("honours blastengine's X-Rate-Limit-Retry-After-Seconds", async () => {
    // Arrange
    fake.fail({
      match: onLogs,
      status: 429,
      headers: { 'X-Rate-Limit-Retry-After-Seconds': '2', 'Retry-After': '9' },
    });
    // Act
    await client().json(spec());
    // Assert
    expect(sleeps).toStrictEqual([2000]);
  });

  it('backs off exponentially and gives up after the last attempt', async () => {
    // Arrange
    fake.fail({ match: onLogs, status: 503, times: 3, body: 'down' });
    // Act
    const failure = client({ maxAttempts: 3 }).json(spec());
    // Assert
    await expect(failure).rejects.toThrow(
      new ProviderHttpError(
        'blastengine',
        503,
        'blastengine GET /be/logs/mails/results failed with HTTP 503: down',
      ),
    );
    expect([logsRequests().length, sleeps]).toStrictEqual([3, [50, 100]]);
  });

  it('reports 401 as ProviderAuthError without retrying', async () => {
    // Act
    const failure = client().json(spec('/logs/mails/results', 'Bearer wrong'));
    // Assert
    await expect(failure).rejects.toBeInstanceOf(ProviderAuthError);
    await expect(failure).rejects.toThrow(
      'blastengine API refused the credentials (HTTP 401): {"error_messages":{"main":["認証に失敗しました"]}} — check the archiver secret',
    );
    expect([logsRequests().length, sleeps]).toStrictEqual([1, []]);
  });

  it('does not retry a 404', async () => {
    // Act
    const failure = client().json(spec('/nowhere'));
    // Assert
    await expect(failure).rejects.toMatchObject({
      name: 'ProviderHttpError',
      status: 404,
      reason: 'upstream',
    });
    expect(sleeps).toStrictEqual([]);
  });

  it('keeps secrets out of error messages', async () => {
    // Arrange: a provider that echoes the key and token back.
    fake.fail({
      match: onLogs,
      status: 400,
      body: `{"api_key":"${apiKey}","seen":"Bearer ${TOKEN}"}`,
    });
    // Act
    const failure = client().json(spec());
    // Assert
    await expect(failure).rejects.toThrow(
      '{"api_key":"[REDACTED]","seen":"Bearer [REDACTED]"}',
    );
  });

  it('retries an attempt that times out', async () => {
    // Arrange
    fake.fail({ match: onLogs, status: 200, delayMs: 500 });
    // Act
    const body = (await client({ timeoutMs: 100 }).json(spec())) as {
      data: unknown[];
    };
    // Assert
    expect([body.data.length, sleeps.length]).toStrictEqual([3, 1]);
  });

  it('reports a network failure that outlasts its attempts', async () => {
    // Arrange
    const dead = { ...spec(), url: 'http://127.0.0.1:1/logs' };
    // Act
    const failure = client({ maxAttempts: 2 }).json(dead);
    // Assert
    await expect(failure).rejects.toMatchObject({
      name: 'ProviderHttpError',
      status: null,
    });
    expect(sleeps).toHaveLength(1);
  });

  it('does not wait past the time left in the run', async () => {
    // Arrange
    fake.fail({ match: onLogs, status: 500 });
    // Act
    const failure = client({ remainingMs: () => 1000, timeoutMs: 30_000 }).json(
      spec(),
    );
    // Assert
    await expect(failure).rejects.toMatchObject({ status: 500 });
    expect(sleeps).toStrictEqual([]);
  });

  it('rejects a 2xx answer that is not JSON', async () => {
    // Arrange
    fake.fail({ match: onLogs, status: 200, body: '<html>maintenance</html>' });
    // Act / Assert
    await expect(client().json(spec())).rejects.toThrow(
      'blastengine GET /be/logs/mails/results answered non-JSON: <html>maintenance</html>',
    );
  });

  it('returns raw bytes with send', async () => {
    // Act
    const res = await client().send(
      spec('/deliveries/-/analysis/report/7731/download'),
    );
    // Assert
    expect(Buffer.from(res.body).subarray(0, 4)).toStrictEqual(
      Buffer.from([0x50, 0x4b, 3, 4]),
    );
  });
});
