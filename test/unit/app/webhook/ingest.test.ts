import { describe, expect, it, vi } from 'vitest';
import { handleWebhook } from '../../../../app/webhook/ingest';
import type { WebhookRequest } from '../../../../app/webhook/types';
import { EmailEventSchema } from '../../../../core/schema';
import { loadFixture, loadFixtureText } from '../../../helpers/fixtures';
import { countPoint } from '../../../helpers/metric-points';
import {
  BLASTENGINE_TOKEN,
  CMC_API_KEY,
  CMC_BASIC,
  fakeDeps,
  MAILGUN_FIXTURE_TS,
  MAILGUN_NOW,
  MemorySink,
  signedMailgunBody,
  webhookRequest,
} from '../../../helpers/webhook';

const json = (value: unknown): string => JSON.stringify(value);
const parse = (body: string): unknown => JSON.parse(body);

function mailgunRequest(body: unknown): WebhookRequest {
  return webhookRequest({ provider: 'mailgun', body: json(body) });
}

function blastengineRequest(over: Partial<WebhookRequest> = {}) {
  return webhookRequest({
    provider: 'blastengine',
    pathToken: BLASTENGINE_TOKEN,
    body: loadFixtureText('blastengine', 'webhook-softerror.json'),
    ...over,
  });
}

function cmcRequest(over: Partial<WebhookRequest> = {}) {
  return webhookRequest({
    provider: 'cmc',
    body: loadFixtureText('cmc', 'webhook-v2-deliveries.json'),
    ...over,
  });
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('handleWebhook with Mailgun', () => {
  it('accepts a signed webhook and stores its event and raw body', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = signedMailgunBody('webhook-delivered');
    // Act
    const res = await handleWebhook(mailgunRequest(body), deps);
    // Assert
    expect(res).toStrictEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: json({ ok: true, events: 1 }),
    });
    expect(deps.sink.events.map((e) => [e.event_type, e.source])).toStrictEqual(
      [['delivered', 'webhook']],
    );
    expect(deps.sink.raw).toStrictEqual([
      {
        kind: 'raw',
        provider: 'mailgun',
        received_at: MAILGUN_NOW.toISOString(),
        source: 'webhook',
        reason: null,
        content_type: 'application/json',
        body: json(body),
        body_encoding: 'utf8',
        request_id: 'req-1',
      },
    ]);
  });

  it('publishes event counts under the configured dimensions', async () => {
    // Arrange
    const deps = fakeDeps();
    // Act
    await handleWebhook(
      mailgunRequest(signedMailgunBody('webhook-delivered')),
      deps,
    );
    // Assert
    expect(deps.published).toStrictEqual([
      countPoint('WebhookRequests', { Provider: 'mailgun' }, 1),
      countPoint('Delivered', { Provider: 'mailgun' }, 1),
    ]);
  });

  const ts = MAILGUN_FIXTURE_TS;
  it.each([
    ['missing', () => ({ 'event-data': {} }), MAILGUN_NOW, 'missing-header'],
    [
      'stale',
      () => signedMailgunBody('webhook-delivered', ts - 301),
      new Date(ts * 1000),
      'stale',
    ],
    [
      'future',
      () => signedMailgunBody('webhook-delivered', ts + 301),
      new Date(ts * 1000),
      'future',
    ],
    [
      'signed with a wrong key',
      () => signedMailgunBody('webhook-delivered', ts, undefined, 'wrong-key'),
      MAILGUN_NOW,
      'mismatch',
    ],
    [
      'a tampered token',
      () => {
        const body = signedMailgunBody('webhook-delivered');
        (body.signature as { token: string }).token += 'x';
        return body;
      },
      MAILGUN_NOW,
      'mismatch',
    ],
  ])(
    'answers 401 to a %s signature and stores nothing valid',
    async (_, body, now, reason) => {
      // Arrange
      const deps = fakeDeps({ now: () => now });
      // Act
      const res = await handleWebhook(mailgunRequest(body()), deps);
      // Assert
      expect([
        res.statusCode,
        (parse(res.body) as { reason: string }).reason,
      ]).toStrictEqual([401, reason]);
      expect(deps.sink.events).toStrictEqual([]);
    },
  );

  it('accepts the identical retry of a delivery; its events dedup by event_id', async () => {
    // Arrange
    const deps = fakeDeps();
    const req = mailgunRequest(signedMailgunBody('webhook-delivered'));
    await handleWebhook(req, deps);
    // Act
    const res = await handleWebhook(req, deps);
    // Assert
    expect(res.statusCode).toBe(200);
    const ids = new Set(deps.sink.events.map((e) => e.event_id));
    expect([deps.sink.events.length, ids.size]).toStrictEqual([2, 1]);
  });

  it('answers 401 replayed to another body under a used signature', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = signedMailgunBody('webhook-delivered');
    await handleWebhook(mailgunRequest(body), deps);
    const forged = structuredClone(body);
    (forged['event-data'] as { recipient: string }).recipient =
      'attacker@example.net';
    // Act
    const res = await handleWebhook(mailgunRequest(forged), deps);
    // Assert
    expect([res.statusCode, parse(res.body)]).toStrictEqual([
      401,
      { error: 'token was already used for another body', reason: 'replayed' },
    ]);
    expect(deps.sink.events).toHaveLength(1);
  });

  it('accepts the retry of a request whose storing failed', async () => {
    // Arrange
    const sink = new MemorySink();
    sink.failEvents = new Error('ServiceUnavailableException');
    const deps = fakeDeps({ sink });
    const req = mailgunRequest(signedMailgunBody('webhook-delivered'));
    const first = await handleWebhook(req, deps);
    sink.failEvents = undefined;
    // Act
    const retry = await handleWebhook(req, deps);
    // Assert
    expect([first.statusCode, retry.statusCode]).toStrictEqual([503, 200]);
    expect(deps.sink.events).toHaveLength(1);
  });

  it('keeps a rejected request as a rejected raw record and counts it', async () => {
    // Arrange
    const deps = fakeDeps({
      now: () => new Date((MAILGUN_FIXTURE_TS + 3600) * 1000),
    });
    const body = signedMailgunBody('webhook-delivered');
    // Act
    await handleWebhook(mailgunRequest(body), deps);
    // Assert
    expect(deps.sink.raw.map((r) => [r.kind, r.reason, r.body])).toStrictEqual([
      ['rejected', 'stale', json(body)],
    ]);
    expect(deps.published).toStrictEqual([
      countPoint('WebhookRequests', { Provider: 'mailgun' }, 1),
      countPoint(
        'WebhookRejected',
        { Provider: 'mailgun', Reason: 'stale' },
        1,
      ),
    ]);
  });

  it('maps an unknown event name to an unknown event with 200', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = signedMailgunBody('webhook-delivered');
    (body['event-data'] as { event: string }).event = 'teleported';
    // Act
    const res = await handleWebhook(mailgunRequest(body), deps);
    // Assert
    expect(res.statusCode).toBe(200);
    expect(
      deps.sink.events.map((e) => [e.event_type, e.provider_event]),
    ).toStrictEqual([['unknown', 'teleported']]);
  });
});

describe('handleWebhook with blastengine', () => {
  it('accepts a call carrying the path token', async () => {
    // Arrange
    const deps = fakeDeps();
    // Act
    const res = await handleWebhook(blastengineRequest(), deps);
    // Assert
    expect(res.statusCode).toBe(200);
    expect(
      deps.sink.events.map((e) => [e.event_type, e.recipient]),
    ).toStrictEqual([['deferred', 'full-box@example.jp']]);
  });

  it.each([
    ['a missing token', { pathToken: undefined }, 'missing-credentials'],
    ['a wrong token', { pathToken: 'guessed' }, 'mismatch'],
    [
      'a caller outside the allow-list',
      { sourceIp: '198.51.100.9' },
      'forbidden-ip',
    ],
  ])('answers 401 to %s', async (_, over, reason) => {
    // Arrange
    const deps = fakeDeps({
      config: {
        ...fakeDeps().config,
        allowedIps: ['3.114.82.121', '35.79.248.35'],
      },
    });
    const req = blastengineRequest({ sourceIp: '3.114.82.121', ...over });
    // Act
    const res = await handleWebhook(req, deps);
    // Assert
    expect([
      res.statusCode,
      (parse(res.body) as { reason: string }).reason,
    ]).toStrictEqual([401, reason]);
  });

  it('checks the token before it parses the body', async () => {
    // Arrange
    const deps = fakeDeps();
    // Act
    const res = await handleWebhook(
      blastengineRequest({ pathToken: 'guessed', body: '{not json' }),
      deps,
    );
    // Assert
    expect(res.statusCode).toBe(401);
  });
});

describe('handleWebhook with Customers Mail Cloud', () => {
  it('accepts a JSON body with api_key and stores it redacted', async () => {
    // Arrange
    const deps = fakeDeps();
    // Act
    const res = await handleWebhook(cmcRequest(), deps);
    // Assert
    expect(res.statusCode).toBe(200);
    expect(deps.sink.events).toHaveLength(2);
    expect(deps.sink.raw[0]?.body).toContain('"api_key": "[REDACTED]"');
    expect(deps.sink.raw[0]?.body).not.toContain(CMC_API_KEY);
  });

  it('accepts a form-urlencoded body with Basic auth', async () => {
    // Arrange
    const deps = fakeDeps();
    const req = cmcRequest({
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(CMC_BASIC.user, CMC_BASIC.password),
      },
      body: loadFixtureText('cmc', 'webhook-v2-deliveries.form-urlencoded.txt'),
    });
    // Act
    const res = await handleWebhook(req, deps);
    // Assert
    expect(res.statusCode).toBe(200);
    expect(deps.sink.events.map((e) => e.event_type)).toStrictEqual([
      'accepted',
      'delivered',
    ]);
  });

  it.each([
    ['a wrong api_key', { api_key: 'wrong' }, undefined, 'mismatch'],
    ['a wrong Basic password', {}, basic(CMC_BASIC.user, 'nope'), 'mismatch'],
    ['no credentials', {}, undefined, 'missing-credentials'],
  ])('answers 401 to %s', async (_, bodyOver, authorization, reason) => {
    // Arrange
    const deps = fakeDeps();
    const body = {
      ...loadFixture<Record<string, unknown>>('cmc', 'webhook-v2-deliveries'),
      api_key: undefined,
      ...bodyOver,
    };
    const headers = { 'content-type': 'application/json', authorization };
    // Act
    const res = await handleWebhook(
      cmcRequest({ headers, body: json(body) }),
      deps,
    );
    // Assert
    expect([
      res.statusCode,
      (parse(res.body) as { reason: string }).reason,
    ]).toStrictEqual([401, reason]);
  });

  it('turns a 10,000-event batch into 10,000 schema-valid events', async () => {
    // Arrange
    const deps = fakeDeps();
    const fixture = loadFixture<{
      event: { deliveries: Record<string, string>[] };
    }>('cmc', 'webhook-v2-deliveries');
    const template = fixture.event.deliveries[1]!;
    fixture.event.deliveries = Array.from({ length: 10_000 }, (_, i) => ({
      ...template,
      to: `user${i}@example.jp`,
    }));
    // Act
    const res = await handleWebhook(cmcRequest({ body: json(fixture) }), deps);
    // Assert
    expect(res.statusCode).toBe(200);
    expect(deps.sink.events).toHaveLength(10_000);
    expect(EmailEventSchema.parse(deps.sink.events[9_999]).recipient).toBe(
      'user9999@example.jp',
    );
  });
});

describe('handleWebhook failures', () => {
  it('answers 413 to a body over the limit and stores nothing', async () => {
    // Arrange
    const deps = fakeDeps({
      config: { ...fakeDeps().config, maxBodyBytes: 1024 },
    });
    // Act
    const res = await handleWebhook(
      cmcRequest({ body: json({ pad: 'x'.repeat(1100) }) }),
      deps,
    );
    // Assert
    expect([res.statusCode, parse(res.body)]).toStrictEqual([
      413,
      { error: 'body is 1110 bytes; the limit is 1024', reason: 'too-large' },
    ]);
    expect(deps.sink.raw).toStrictEqual([]);
    expect(deps.published.map((p) => p.dimensions)).toStrictEqual([
      { Provider: 'cmc' },
      { Provider: 'cmc', Reason: 'too-large' },
    ]);
  });

  it('answers 400 to malformed JSON and keeps it as rejected', async () => {
    // Arrange
    const deps = fakeDeps();
    // Act
    const res = await handleWebhook(
      webhookRequest({ provider: 'mailgun', body: '{"signature":' }),
      deps,
    );
    // Assert
    expect(res.statusCode).toBe(400);
    expect((parse(res.body) as { reason: string }).reason).toBe('malformed');
    expect(deps.sink.raw.map((r) => [r.kind, r.reason, r.body])).toStrictEqual([
      ['rejected', 'malformed', '{"signature":'],
    ]);
  });

  it('answers 415 to a content type the provider never sends', async () => {
    // Arrange
    const deps = fakeDeps();
    const req = blastengineRequest({
      headers: { 'content-type': 'text/plain' },
    });
    // Act
    const res = await handleWebhook(req, deps);
    // Assert
    expect([res.statusCode, parse(res.body)]).toStrictEqual([
      415,
      {
        error:
          'unsupported content type text/plain; blastengine sends application/json',
        reason: 'unsupported',
      },
    ]);
    expect(deps.sink.raw.map((r) => r.reason)).toStrictEqual(['unsupported']);
  });

  it('answers 503 and acknowledges nothing when the sink fails', async () => {
    // Arrange
    const sink = new MemorySink();
    sink.failEvents = new Error('ServiceUnavailableException');
    const deps = fakeDeps({ sink });
    // Act
    const res = await handleWebhook(blastengineRequest(), deps);
    // Assert
    expect([res.statusCode, parse(res.body)]).toStrictEqual([
      503,
      { error: 'sink unavailable; retry later', reason: 'unavailable' },
    ]);
    expect(deps.published.map((p) => p.name)).toStrictEqual([
      'WebhookRequests',
      'WebhookFailed',
    ]);
  });

  it('answers 503 when the secrets cannot be read', async () => {
    // Arrange
    const deps = fakeDeps({
      secrets: () => Promise.reject(new Error('throttled')),
    });
    // Act
    const res = await handleWebhook(blastengineRequest(), deps);
    // Assert
    expect(res.statusCode).toBe(503);
  });

  it('answers 503 when the replay cache cannot be reached', async () => {
    // Arrange
    const deps = fakeDeps({
      replayCache: {
        claim: () => Promise.reject(new Error('down')),
      },
    });
    // Act
    const res = await handleWebhook(
      mailgunRequest(signedMailgunBody('webhook-delivered')),
      deps,
    );
    // Assert
    expect(res.statusCode).toBe(503);
    expect(deps.sink.events).toStrictEqual([]);
  });

  it('answers 500 config when a provider has no secret', async () => {
    // Arrange
    const deps = fakeDeps({
      secrets: async () => ({
        mailgunSigningKeys: [],
        blastengineTokens: [],
        cmc: {},
      }),
    });
    // Act
    const res = await handleWebhook(blastengineRequest(), deps);
    // Assert
    expect([res.statusCode, parse(res.body)]).toStrictEqual([
      500,
      { error: 'no blastengine webhook token configured', reason: 'config' },
    ]);
  });

  it('answers 500 without detail to an unexpected error', async () => {
    // Arrange
    const deps = fakeDeps({ secrets: async () => undefined as never });
    // Act
    const res = await handleWebhook(blastengineRequest(), deps);
    // Assert
    expect([res.statusCode, parse(res.body)]).toStrictEqual([
      500,
      { error: 'internal error; retry later', reason: 'internal' },
    ]);
  });

  it('still answers 200 when metrics cannot be published', async () => {
    // Arrange
    const deps = fakeDeps({
      publish: () => Promise.reject(new Error('cw down')),
    });
    // Act
    const res = await handleWebhook(blastengineRequest(), deps);
    // Assert
    expect(res.statusCode).toBe(200);
    expect(deps.sink.events).toHaveLength(1);
  });

  it('still answers 401 when the rejected record cannot be stored', async () => {
    // Arrange
    const sink = new MemorySink();
    sink.failRaw = new Error('down');
    const deps = fakeDeps({ sink });
    // Act
    const res = await handleWebhook(
      blastengineRequest({ pathToken: 'guessed' }),
      deps,
    );
    // Assert
    expect(res.statusCode).toBe(401);
  });

  it('decodes a base64-encoded body', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = Buffer.from(
      loadFixtureText('blastengine', 'webhook-softerror.json'),
    ).toString('base64');
    // Act
    const res = await handleWebhook(
      blastengineRequest({ body, isBase64Encoded: true }),
      deps,
    );
    // Assert
    expect(res.statusCode).toBe(200);
    expect(deps.sink.raw[0]?.body_encoding).toBe('utf8');
  });

  it('never logs bodies or secrets', async () => {
    // Arrange
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const deps = fakeDeps({ logger });
    const bad = cmcRequest({
      body: json({ api_key: 'leaked-key', event: 'x' }),
    });
    // Act
    await handleWebhook(bad, deps);
    await handleWebhook(
      blastengineRequest({ pathToken: 'guessed-token' }),
      deps,
    );
    // Assert
    const logged = json([logger.warn.mock.calls, logger.error.mock.calls]);
    expect(logged).toContain('webhook rejected');
    expect(logged).not.toMatch(/leaked-key|guessed-token|api_key|SOFTERROR/);
  });
});
