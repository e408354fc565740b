import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleWebhook } from '../../../../app/webhook/ingest';
import { REJECTED_BODY_MAX_BYTES } from '../../../../app/webhook/raw-record';
import type { WebhookRequest } from '../../../../app/webhook/types';
import { MAX_EVENT_RECORD_BYTES } from '../../../../core/event-admission';
import { NORMALIZERS } from '../../../../core/providers/index';
import type { EmailEvent } from '../../../../core/schema';
import { loadFixtureText } from '../../../helpers/fixtures';
import { countPoint } from '../../../helpers/metric-points';
import {
  BLASTENGINE_TOKEN,
  fakeDeps,
  MAILGUN_FIXTURE_TS,
  MemorySink,
  signedMailgunBody,
  TEST_SECRETS,
  webhookRequest,
} from '../../../helpers/webhook';

const json = (value: unknown): string => JSON.stringify(value);
const reasonOf = (body: string): string =>
  (JSON.parse(body) as { reason: string }).reason;
const sha256 = (text: string): string =>
  createHash('sha256').update(text).digest('hex');

const mailgun = (body: unknown): WebhookRequest =>
  webhookRequest({ provider: 'mailgun', body: json(body) });

const blastengine = (over: Partial<WebhookRequest> = {}): WebhookRequest =>
  webhookRequest({
    provider: 'blastengine',
    pathToken: BLASTENGINE_TOKEN,
    body: loadFixtureText('blastengine', 'webhook-softerror.json'),
    ...over,
  });

/** The same signature (timestamp, token, signature) over another event. */
function forgedFrom(body: Record<string, unknown>): Record<string, unknown> {
  const forged = structuredClone(body);
  (forged['event-data'] as { recipient: string }).recipient =
    'attacker@example.net';
  return forged;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('replay protection that is safe to retry', () => {
  const timeout = Object.assign(new Error('Task timed out after 28 s'), {
    name: 'TimeoutError',
  });
  const failures: [string, number, (sink: MemorySink) => () => void][] = [
    [
      'the normalizer throws',
      500,
      () => {
        const spy = vi
          .spyOn(NORMALIZERS, 'mailgun')
          .mockImplementationOnce(() => {
            throw new TypeError('normalizer bug');
          });
        return () => spy.mockRestore();
      },
    ],
    [
      'the sink fails',
      503,
      (sink) => {
        sink.failEvents = new Error('ServiceUnavailableException');
        return () => {
          sink.failEvents = undefined;
        };
      },
    ],
    [
      'the raw write times out',
      503,
      (sink) => {
        sink.failRaw = timeout;
        return () => {
          sink.failRaw = undefined;
        };
      },
    ],
  ];

  it.each(failures)(
    'when %s: the identical retry is accepted, another body under the signature is refused',
    async (_, firstStatus, breakOnce) => {
      // Arrange
      const sink = new MemorySink();
      const deps = fakeDeps({ sink });
      const body = signedMailgunBody('webhook-delivered');
      const other = signedMailgunBody(
        'webhook-failed-permanent-bounce',
        MAILGUN_FIXTURE_TS,
        'another-token'.padEnd(50, 'y'),
      );
      const repair = breakOnce(sink);
      const first = await handleWebhook(mailgun(body), deps);
      repair();
      // Act
      const retry = await handleWebhook(mailgun(body), deps);
      const forged = await handleWebhook(mailgun(forgedFrom(body)), deps);
      const unrelated = await handleWebhook(mailgun(other), deps);
      // Assert
      expect([
        first.statusCode,
        retry.statusCode,
        forged.statusCode,
        reasonOf(forged.body),
        unrelated.statusCode,
      ]).toStrictEqual([firstStatus, 200, 401, 'replayed', 200]);
      // A half-stored first attempt may repeat events: event_id dedups them.
      const stored = new Map(sink.events.map((e) => [e.event_id, e]));
      expect(
        [...stored.values()].map((e) => [e.event_type, e.recipient]),
      ).toStrictEqual([
        ['delivered', 'hanako.yamada@example.com'],
        ['bounced', 'no-such-user@example.com'],
      ]);
      expect(sink.events.map((e) => e.recipient)).not.toContain(
        'attacker@example.net',
      );
    },
  );

  it('keeps the whole raw body of an authenticated request that answered 500', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = signedMailgunBody('webhook-delivered');
    vi.spyOn(NORMALIZERS, 'mailgun').mockImplementationOnce(() => {
      throw new TypeError('normalizer bug');
    });
    // Act
    const res = await handleWebhook(mailgun(body), deps);
    // Assert
    expect(res.statusCode).toBe(500);
    expect(
      deps.sink.raw.map((r) => [r.kind, r.reason, r.body, r.body_sha256]),
    ).toStrictEqual([['rejected', 'internal', json(body), undefined]]);
    expect(deps.published).toContainEqual(
      countPoint(
        'WebhookFailed',
        { Provider: 'mailgun', Reason: 'internal' },
        1,
      ),
    );
  });
});

describe('every event fits the sink', () => {
  it('keeps an event over the record limit out of events/, stores its raw body, counts it and answers 200', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = signedMailgunBody('webhook-delivered');
    const normalize = NORMALIZERS.mailgun;
    vi.spyOn(NORMALIZERS, 'mailgun').mockImplementationOnce((p, o) => {
      const [event] = normalize(p, o) as EmailEvent[];
      const huge = { ...event!, subject: 'x'.repeat(MAX_EVENT_RECORD_BYTES) };
      return [huge, event!];
    });
    // Act
    const res = await handleWebhook(mailgun(body), deps);
    // Assert
    expect([res.statusCode, JSON.parse(res.body)]).toStrictEqual([
      200,
      { ok: true, events: 1 },
    ]);
    expect(deps.sink.events.map((e) => e.subject?.length)).toStrictEqual([
      normalize(body, {
        receivedAt: '2026-01-01T00:00:00.000Z',
        source: 'webhook',
        timezone: 'UTC',
      })[0]!.subject?.length,
    ]);
    expect(deps.sink.raw.map((r) => [r.kind, r.reason, r.body])).toStrictEqual([
      ['raw', 'oversize-event', json(body)],
    ]);
    expect(deps.published).toContainEqual(
      countPoint(
        'EventsRefused',
        { Provider: 'mailgun', Reason: 'oversize-event' },
        1,
      ),
    );
  });

  it('keeps an event with an empty recipient (`<>`) out of events/ and stores its raw body', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = signedMailgunBody('webhook-delivered');
    (body['event-data'] as { recipient: string }).recipient = '<>';
    // Act
    const res = await handleWebhook(mailgun(body), deps);
    const next = await handleWebhook(blastengine(), deps);
    // Assert
    expect([res.statusCode, next.statusCode]).toStrictEqual([200, 200]);
    expect(deps.sink.events.map((e) => e.provider)).toStrictEqual([
      'blastengine',
    ]);
    expect(deps.sink.raw.map((r) => [r.provider, r.reason])).toStrictEqual([
      ['mailgun', 'invalid-event'],
      ['blastengine', null],
    ]);
    expect(deps.published).toContainEqual(
      countPoint(
        'EventsRefused',
        { Provider: 'mailgun', Reason: 'invalid-event' },
        1,
      ),
    );
  });
});

describe('rejected bodies are bounded', () => {
  const big = `{"pad":"${'A'.repeat(300_000)}"}`;

  it.each([
    ['401 (wrong path token)', blastengine({ pathToken: 'guess', body: big })],
    [
      '415 (unsupported type)',
      blastengine({ headers: { 'content-type': 'text/plain' }, body: big }),
    ],
    [
      '401 (unsigned Mailgun body)',
      webhookRequest({ provider: 'mailgun', body: big }),
    ],
  ])(
    'keeps at most 64 KiB of an unauthenticated %s body, with its length and SHA-256',
    async (_, req) => {
      // Arrange
      const deps = fakeDeps();
      // Act
      const res = await handleWebhook(req, deps);
      const next = await handleWebhook(blastengine(), deps);
      // Assert
      expect([res.statusCode, next.statusCode]).toStrictEqual([
        req.headers['content-type'] === 'text/plain' ? 415 : 401,
        200,
      ]);
      const [kept] = deps.sink.raw;
      expect(Buffer.byteLength(kept!.body)).toBe(REJECTED_BODY_MAX_BYTES);
      expect(big.startsWith(kept!.body)).toBe(true);
      expect([kept!.body_bytes, kept!.body_sha256]).toStrictEqual([
        Buffer.byteLength(big),
        sha256(big),
      ]);
    },
  );

  it('keeps the whole body of an authenticated request that does not parse', async () => {
    // Arrange
    const deps = fakeDeps();
    const body = `[${'{"event":"x"},'.repeat(6000)}{}]`;
    // Act
    const res = await handleWebhook(blastengine({ body }), deps);
    // Assert
    expect(res.statusCode).toBe(400);
    expect(deps.sink.raw.map((r) => [r.body, r.body_bytes])).toStrictEqual([
      [body, undefined],
    ]);
  });
});

describe('secrets per provider', () => {
  it('answers 503 to the provider whose secret is unreadable and 200 to the others', async () => {
    // Arrange
    const deps = fakeDeps({
      secrets: async (provider) => {
        if (provider === 'mailgun') throw new Error('AccessDeniedException');
        return TEST_SECRETS;
      },
    });
    // Act
    const mg = await handleWebhook(
      mailgun(signedMailgunBody('webhook-delivered')),
      deps,
    );
    const be = await handleWebhook(blastengine(), deps);
    // Assert
    expect([mg.statusCode, be.statusCode]).toStrictEqual([503, 200]);
    expect(deps.sink.events.map((e) => e.provider)).toStrictEqual([
      'blastengine',
    ]);
    expect(deps.published).toContainEqual(
      countPoint(
        'WebhookFailed',
        { Provider: 'mailgun', Reason: 'unavailable' },
        1,
      ),
    );
  });
});
