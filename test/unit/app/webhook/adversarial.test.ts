import { describe, expect, it } from 'vitest';
import { FIREHOSE_LIMITS } from '../../../../adapters/aws/firehose';
import { handleWebhook } from '../../../../app/webhook/ingest';
import {
  ADVERSARIAL_CASES,
  attackBody,
  plainBody,
} from '../../../../bench/adversarial-bodies';
import { EVENT_TEXT_CAPS } from '../../../../core/event-caps';
import { REDACTED } from '../../../../core/redact-secrets';
import { EmailEventSchema } from '../../../../core/schema';
import { loadFixtureText } from '../../../helpers/fixtures';
import {
  BLASTENGINE_TOKEN,
  fakeDeps,
  webhookRequest,
} from '../../../helpers/webhook';

// Big enough that the old quadratic code ran for minutes (it was seconds at
// 60 KB); linear code handles it in well under the test timeout.
const BYTES = 1_000_000;

const requestOf = (c: (typeof ADVERSARIAL_CASES)[number], body: string) =>
  webhookRequest({
    provider: c.provider,
    pathToken: c.provider === 'blastengine' ? BLASTENGINE_TOKEN : undefined,
    headers: { 'content-type': c.contentType },
    body,
  });

describe.each(ADVERSARIAL_CASES)('webhook under attack: $name', (c) => {
  it('answers the attack as it answers a plain body of the same size', async () => {
    // Arrange
    const deps = fakeDeps();
    const attack = attackBody(c, BYTES);
    const plain = plainBody(c, BYTES);

    // Act
    const attacked = await handleWebhook(requestOf(c, attack), deps);
    const plained = await handleWebhook(requestOf(c, plain), deps);

    // Assert: same length, same answer, and each body kept once (redacted).
    expect(attack.length).toBe(plain.length);
    expect(attack.length).toBeGreaterThanOrEqual(BYTES - c.unit.length);
    // A 4xx (kept as rejected) or a 2xx, never a 5xx: nothing broke.
    for (const res of [attacked, plained]) {
      expect(res.statusCode).toBeLessThan(500);
    }
    expect(deps.sink.raw).toHaveLength(2);
    for (const event of deps.sink.events) {
      expect(EmailEventSchema.safeParse(event).success).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(
        FIREHOSE_LIMITS.maxRecordBytes,
      );
      expect(event.subject?.length ?? 0).toBeLessThanOrEqual(
        EVENT_TEXT_CAPS.subject,
      );
    }
  });

  it('blocks nothing else: a valid request right after is stored', async () => {
    // Arrange
    const deps = fakeDeps();
    await handleWebhook(requestOf(c, attackBody(c, BYTES)), deps);
    const valid = webhookRequest({
      provider: 'cmc',
      body: loadFixtureText('cmc', 'webhook-v2-deliveries.json'),
    });

    // Act
    const res = await handleWebhook(valid, deps);

    // Assert
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(deps.sink.raw.at(-1)!.body).api_key).toBe(REDACTED);
  });
});

describe('oversized free text from an authenticated sender', () => {
  it.each([
    ['a 1.1 MB subject', `"subject":"${'s'.repeat(1_100_000)}"`],
    ['200 KB of \\u0001', `"subject":"${'\\u0001'.repeat(200_000)}"`],
  ])(
    'stores %s as one capped event that fits a Firehose record',
    async (_, detail) => {
      // Arrange
      const deps = fakeDeps();
      const body = `{"events":[{"event":{"type":"DROP","datetime":"2026-03-14T11:31:10+09:00","detail":{"mailaddress":"to@example.jp",${detail}}}}]}`;

      // Act
      const res = await handleWebhook(
        webhookRequest({
          provider: 'blastengine',
          pathToken: BLASTENGINE_TOKEN,
          body,
        }),
        deps,
      );

      // Assert
      expect(res.statusCode).toBe(200);
      expect(deps.sink.events).toHaveLength(1);
      const [event] = deps.sink.events;
      expect(event!.subject).toHaveLength(EVENT_TEXT_CAPS.subject);
      expect(event!.subject!.endsWith('…')).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(
        FIREHOSE_LIMITS.maxRecordBytes,
      );
    },
  );
});
