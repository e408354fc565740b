import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents, LocalLakeSink } from '../../../adapters/local/lake-sink';
import { queryLake } from '../../../cli/lake/query';
import { buildEvent } from '../../../core/providers/common';
import { findNamedQuery } from '../../../core/queries/named-queries';
import { type EmailEvent, EmailEventSchema } from '../../../core/schema';
import { D1, D2, OLD_DAY, scenarioEvents } from '../../helpers/lake-scenario';

/** 30 days up to D2: leaves out the OLD_DAY bounce. */
const SINCE = '2026-02-14';
let lake: string;
let events: EmailEvent[];

async function named(
  name: string,
  params: Record<string, string> = { since: SINCE },
) {
  const query = findNamedQuery(name);
  if (!query) throw new Error(`no query ${name}`);
  return (await queryLake(lake, { named: query, params })).rows;
}

function one(pred: (e: EmailEvent) => boolean): EmailEvent {
  const found = events.filter(pred);
  if (found.length !== 1) throw new Error(`expected one, got ${found.length}`);
  return found[0]!;
}

beforeAll(async () => {
  lake = await mkdtemp(join(tmpdir(), 'mailtrail-lake-'));
  events = scenarioEvents(`${D2}T12:00:00.000Z`);
  // Ingest everything twice: the dedup view must make the copies disappear.
  const sink = new LocalLakeSink(lake);
  await sink.putEvents(events);
  sink.close();
  await ingestEvents(lake, scenarioEvents(`${D2}T12:00:05.000Z`));
});

afterAll(async () => {
  await rm(lake, { recursive: true, force: true });
});

describe('the scenario', () => {
  it.each(
    scenarioEvents('2026-03-20T00:00:00.000Z').map((e) => [e.event_id, e]),
  )('is made of valid canonical events (%s)', (_id, event) => {
    // Act / Assert
    expect(() => EmailEventSchema.parse(event)).not.toThrow();
  });
});

describe('events_dedup', () => {
  it('holds one row per event_id although every event was written twice', async () => {
    // Act
    const { rows } = await queryLake(lake, {
      sql: 'SELECT (SELECT count(*) FROM events) AS raw_rows, (SELECT count(*) FROM events_dedup) AS dedup_rows, (SELECT count(DISTINCT event_id) FROM events) AS ids',
    });
    // Assert: 28 fixture events + 8 synthetic, 3 of them Mailgun API repeats.
    expect(rows).toStrictEqual([{ raw_rows: 72, dedup_rows: 33, ids: 33 }]);
  });
});

describe('daily-rates', () => {
  it('computes per day, provider and sending domain rates, NULL on a zero denominator', async () => {
    // Act
    const rows = await named('daily-rates');
    // Assert
    const row = (
      day: string,
      provider: string,
      sending_domain: string | null,
      [accepted, delivered, hard_bounces, complaints]: number[],
      bounce_rate: number | null,
      complaint_rate: number | null,
    ) => ({
      day,
      provider,
      sending_domain,
      accepted,
      delivered,
      hard_bounces,
      complaints,
      bounce_rate,
      complaint_rate,
    });
    expect(rows).toStrictEqual([
      row(D1, 'blastengine', null, [0, 0, 1, 0], null, null),
      row(D1, 'cmc', 'return.example.jp', [2, 2, 2, 0], 1, 0),
      row(D1, 'mailgun', 'mg.example.com', [1, 1, 1, 0], 1, 0),
      row(D1, 'ses', 'mail.example.com', [4, 1, 1, 0], 0.25, 0),
      row(D2, 'mailgun', 'mg.example.com', [0, 4, 0, 1], null, 0.25),
      row(D2, 'ses', 'mail.example.com', [0, 0, 0, 1], null, null),
    ]);
  });
});

describe('the since window', () => {
  it('drops the days before since', async () => {
    // Act
    const rows = await named('daily-rates', { since: D2 });
    // Assert
    expect(rows.map((r) => [r.day, r.provider])).toStrictEqual([
      [D2, 'mailgun'],
      [D2, 'ses'],
    ]);
  });

  it('reaches back to older data when since is earlier', async () => {
    // Act
    const rows = await named('top-bounce-reasons', { since: OLD_DAY });
    // Assert: the OLD_DAY 5.7.1 bounce is in the window now.
    expect(rows.find((r) => r.smtp_status === '5.7.1')).toMatchObject({
      events: 1,
      recipients: 1,
    });
  });

  it('refuses a named query run without its window', async () => {
    // Act
    const act = named('deferrals', {});
    // Assert
    await expect(act).rejects.toThrow('deferrals: missing --param since=…');
  });
});

describe('top-bounce-reasons', () => {
  it('counts bounced and dropped events of the last 30 days by smtp_status', async () => {
    // Act
    const rows = await named('top-bounce-reasons');
    // Assert: the 40-day-old 5.7.1 bounce is outside the window.
    // Dropped events carry no SMTP fields: they group under null.
    expect(rows).toStrictEqual([
      {
        smtp_status: null,
        events: 5,
        recipients: 5,
        // MIN(diagnostic): SES's 'Amazon SES did not send…' sorts first.
        sample_diagnostic: one(
          (e) => e.provider === 'ses' && e.event_type === 'dropped',
        ).diagnostic,
      },
      {
        smtp_status: '5.1.1',
        events: 4,
        recipients: 2,
        // MIN(diagnostic): Mailgun's '5.1.1 <…' sorts before '550 …'.
        sample_diagnostic: one(
          (e) => e.provider === 'mailgun' && e.event_type === 'bounced',
        ).diagnostic,
      },
      {
        smtp_status: '5.2.2',
        events: 1,
        recipients: 1,
        sample_diagnostic: 'smtp; 552 5.2.2 Mailbox full',
      },
    ]);
  });
});

describe('recipient-timeline', () => {
  it("lists one recipient's events oldest first, matching case-insensitively", async () => {
    // Act
    const rows = await named('recipient-timeline', {
      recipient: 'No-Such-User@Example.com',
    });
    // Assert
    const pick = (e: EmailEvent) => ({
      occurred_at: e.occurred_at,
      provider: e.provider,
      event_type: e.event_type,
      bounce_type: e.bounce_type,
      smtp_code: e.smtp_code,
      smtp_status: e.smtp_status,
      diagnostic: e.diagnostic,
      message_id: e.message_id,
      sender: e.sender,
      subject: e.subject,
      provider_event: e.provider_event,
    });
    expect(rows).toStrictEqual([
      pick(one((e) => e.provider_event === 'synthetic-bounced')),
      pick(one((e) => e.provider === 'mailgun' && e.event_type === 'bounced')),
      pick(
        one(
          (e) =>
            e.provider === 'ses' &&
            e.event_type === 'bounced' &&
            e.provider_event !== 'synthetic-bounced' &&
            e.bounce_type === 'hard',
        ),
      ),
    ]);
    expect(rows.map((r) => r.provider)).toStrictEqual([
      'ses',
      'mailgun',
      'ses',
    ]);
  });

  it('refuses to run without its parameter', async () => {
    // Act
    const act = named('recipient-timeline', {});
    // Assert
    await expect(act).rejects.toThrow(
      'recipient-timeline: missing --param recipient=…',
    );
  });
});

describe('deferrals', () => {
  it('measures first deferral to final outcome per message and recipient', async () => {
    // Act
    const rows = await named('deferrals');
    // Assert
    const deferred = (provider: string) =>
      one(
        (e) =>
          e.provider === provider &&
          e.event_type === 'deferred' &&
          e.source !== 'archive',
      );
    const mailgun = deferred('mailgun');
    const cmc = one((e) => e.provider === 'cmc' && e.event_type === 'deferred');
    const cmcSoft = one(
      (e) => e.provider === 'cmc' && e.bounce_type === 'soft',
    );
    const ses = deferred('ses');
    expect(rows).toStrictEqual([
      {
        provider: 'mailgun',
        message_id: mailgun.message_id,
        recipient: 'big.user@example.net',
        deferrals: 1,
        first_deferred_at: mailgun.occurred_at,
        final_outcome: null,
        final_at: null,
        seconds_to_outcome: null,
      },
      {
        provider: 'cmc',
        message_id: cmc.message_id,
        recipient: 'slow.server@example.net',
        deferrals: 1,
        first_deferred_at: cmc.occurred_at,
        final_outcome: 'bounced',
        final_at: cmcSoft.occurred_at,
        // 02:20:02 → 06:20:02 (fixture times): four hours.
        seconds_to_outcome: 14_400,
      },
      {
        // blastengine sends no message id: counted per recipient.
        provider: 'blastengine',
        message_id: null,
        recipient: 'full-box@example.jp',
        deferrals: 1,
        first_deferred_at: deferred('blastengine').occurred_at,
        final_outcome: null,
        final_at: null,
        seconds_to_outcome: null,
      },
      {
        provider: 'ses',
        message_id: ses.message_id,
        recipient: 'slow.server@example.net',
        deferrals: 1,
        first_deferred_at: ses.occurred_at,
        final_outcome: null,
        final_at: null,
        seconds_to_outcome: null,
      },
    ]);
  });
});

describe('deferrals without message ids', () => {
  it("takes the same recipient's later outcome, not an earlier or another's", async () => {
    // Arrange: blastengine-like events, none with a message id.
    const dir = await mkdtemp(join(tmpdir(), 'mailtrail-defer-'));
    const ctx = {
      receivedAt: '2026-05-02T00:00:00.000Z',
      source: 'webhook' as const,
    };
    const ev = (
      id: string,
      eventType: 'deferred' | 'bounced',
      occurredAt: string,
      recipient: string,
    ) =>
      buildEvent(
        {
          provider: 'blastengine',
          idParts: [id],
          eventType,
          occurredAt,
          recipient,
          bounceType: 'hard',
          providerEvent: eventType === 'deferred' ? 'SOFTERROR' : 'HARDERROR',
        },
        ctx,
      );
    await ingestEvents(dir, [
      ev('0', 'bounced', '2026-05-01T00:00:00.000Z', 'a@example.jp'),
      ev('1', 'deferred', '2026-05-01T01:00:00.000Z', 'a@example.jp'),
      ev('2', 'deferred', '2026-05-01T02:00:00.000Z', 'a@example.jp'),
      ev('3', 'bounced', '2026-05-01T03:00:00.000Z', 'a@example.jp'),
      ev('4', 'deferred', '2026-05-01T01:30:00.000Z', 'b@example.jp'),
      ev('5', 'bounced', '2026-05-01T04:00:00.000Z', 'c@example.jp'),
    ]);
    try {
      // Act
      const { rows } = await queryLake(dir, {
        named: findNamedQuery('deferrals')!,
        params: { since: '2026-05-01' },
      });
      // Assert
      expect(
        rows.map((r) => [
          r.recipient,
          r.deferrals,
          r.final_outcome,
          r.seconds_to_outcome,
        ]),
      ).toStrictEqual([
        ['a@example.jp', 2, 'bounced', 7200],
        ['b@example.jp', 1, null, null],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('complaints-by-tag', () => {
  it('counts complaints per tag key and value', async () => {
    // Act
    const rows = await named('complaints-by-tag');
    // Assert: SES and Mailgun each have one complaint, from the same person.
    const tag = (tag_key: string, tag_value: string, complaints = 1) => ({
      tag_key,
      tag_value,
      complaints,
      recipients: 1,
    });
    expect(rows).toStrictEqual([
      tag('tenant', 'acme', 2),
      tag('mailgun:tags', 'newsletter'),
      tag('ses:caller-identity', 'mailer-service'),
      tag('ses:configuration-set', 'prod-transactional'),
      tag('ses:from-domain', 'mail.example.com'),
      tag('ses:operation', 'SendEmail'),
      tag('ses:source-ip', '198.51.100.24'),
      tag('template', 'order-shipped'),
    ]);
  });
});
