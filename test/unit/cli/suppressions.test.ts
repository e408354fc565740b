import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../../../adapters/local/lake-sink';
import { REMOVALS_FILE } from '../../../cli/lake/suppressions';
import { HMAC_KEY_ENV } from '../../../cli/privacy-key';
import { pseudonymizeEvent } from '../../../core/privacy';
import { buildEvent } from '../../../core/providers/common';
import { NORMALIZERS } from '../../../core/providers/index';
import type { EmailEvent, Provider, Source } from '../../../core/schema';
import { runCli } from '../../helpers/cli-io';
import { loadFixture } from '../../helpers/fixtures';

const KEY = 'a-key-of-at-least-16-chars';
const receivedAt = '2026-03-20T00:00:00.000Z';

const FIXTURES: readonly [Provider, string, Source][] = [
  ['ses', 'bounce-multi-recipient', 'sns'], // alice, bob, carol: hard
  ['ses', 'complaint-no-feedback-type', 'sns'], // grumpy, quiet: complaints
  ['ses', 'bounce-undetermined', 'sns'], // mystery: undetermined
  ['ses', 'delivery-delay-mailboxfull', 'sns'], // full.inbox: deferred
  ['mailgun', 'webhook-failed-permanent-suppress-bounce', 'webhook'], // dropped
  ['mailgun', 'webhook-failed-permanent-delayed-bounce', 'webhook'], // moved.away: hard
  ['cmc', 'webhook-v2-bounces-4xx-5xx', 'webhook'], // gone, policy: hard; 2 soft
  ['cmc', 'webhook-v2-blocks-registered-and-removed', 'webhook'], // gone: unsubscribe
];

function fixtureEvents(source?: Source): EmailEvent[] {
  return FIXTURES.flatMap(([provider, name, s]) =>
    NORMALIZERS[provider](loadFixture(provider, name), {
      receivedAt,
      source: source ?? s,
    }),
  );
}

/** A delivery to alice at Mailgun, a week after her hard bounce at SES. */
const laterDelivery = buildEvent(
  {
    provider: 'mailgun',
    idParts: ['later-delivery'],
    eventType: 'delivered',
    occurredAt: '2026-03-21T00:00:00.000Z',
    recipient: 'alice.gone@example.org',
    providerEvent: 'delivered',
  },
  { receivedAt, source: 'webhook' },
);

function hardBounce(recipient: string, occurredAt: string): EmailEvent {
  return buildEvent(
    {
      provider: 'blastengine',
      idParts: ['new-bounce', recipient, occurredAt],
      eventType: 'bounced',
      bounceType: 'hard',
      occurredAt,
      recipient,
      smtpCode: 550,
      providerEvent: 'HARDERROR',
    },
    { receivedAt, source: 'webhook' },
  );
}

const EXPECTED_SUPPRESSED = [
  'alice.gone@example.org',
  'bob.gone@example.org',
  'carol.gone@example.org',
  'gone@example.org',
  'grumpy.user@example.net',
  'moved.away@example.org',
  'policy@example.com',
  'quiet.colleague@example.net',
];

let root: string;
let lake: string;

const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['suppressions', ...args], { env });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailtrail-suppressions-'));
  lake = join(root, 'lake');
  // Every fixture twice (webhook, then the same events from an archive run)
  // and a later delivery: duplicates must not make a second entry.
  await ingestEvents(lake, fixtureEvents());
  await ingestEvents(lake, [...fixtureEvents('archive'), laterDelivery]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('mailtrail suppressions check', () => {
  it('answers one JSON object for a suppressed address, case-insensitively', async () => {
    // Act
    const { code, stdout, stderr } = await run([
      'check',
      'Alice.Gone@EXAMPLE.org',
      '--lake',
      lake,
    ]);
    // Assert: the later delivery did not lift it
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toStrictEqual({
      address: 'alice.gone@example.org',
      suppressed: true,
      reason: 'hard_bounce',
      provider: 'ses',
      since: '2026-03-14T03:05:12.004Z',
    });
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('keeps the first reason when a later event suppresses too', async () => {
    // Act: gone@ hard-bounced at 03:00, then was blocked at 05:00
    const { stdout } = await run(['check', 'gone@example.org', '--lake', lake]);
    // Assert
    expect(JSON.parse(stdout)).toMatchObject({
      reason: 'hard_bounce',
      provider: 'cmc',
      since: '2026-03-14T03:00:00.000Z',
    });
  });

  it.each([
    ['an undetermined bounce', 'mystery@example.org'],
    ['a deferral', 'full.inbox@example.jp'],
    ['a drop', 'no-such-user@example.com'],
    ['a soft bounce', 'full@example.net'],
    ['no event at all', 'stranger@example.com'],
  ])('exits 0 with suppressed false after %s', async (_name, address) => {
    // Act
    const { code, stdout } = await run(['check', address, '--lake', lake]);
    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toStrictEqual({
      address,
      suppressed: false,
      reason: null,
      provider: null,
      since: null,
    });
  });

  it.each([
    ['no @', 'alice.example.org', /not an email address/],
    ['too long', `${'a'.repeat(320)}@x.io`, /longer than 320/],
    ['a control character', 'alice@example.org\r\nX: y', /control characters/],
  ])(
    'refuses an address with %s: exit 1, one clear line',
    async (_n, address, message) => {
      // Act
      const { code, stdout, stderr } = await run([
        'check',
        address,
        '--lake',
        lake,
      ]);
      // Assert
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it('refuses a lake directory that does not exist', async () => {
    // Act
    const { code, stderr } = await run([
      'check',
      'a@example.com',
      '--lake',
      join(root, 'missing'),
    ]);
    // Assert
    expect(code).toBe(1);
    expect(stderr).toMatch(/lake directory .*missing does not exist/);
  });

  it('answers not suppressed over an empty lake directory', async () => {
    // Act
    const { code, stdout } = await run([
      'check',
      'a@example.com',
      '--lake',
      root,
    ]);
    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(stdout).suppressed).toBe(false);
  });

  it('looks a hashed lake up by the keyed hash of the address', async () => {
    // Arrange
    const hashed = join(root, 'hashed');
    await ingestEvents(
      hashed,
      fixtureEvents().map((e) => pseudonymizeEvent(e, KEY)),
    );
    // Act
    const found = await run(
      ['check', 'Bob.Gone@example.org', '--lake', hashed],
      {
        [HMAC_KEY_ENV]: KEY,
      },
    );
    const withoutKey = await run([
      'check',
      'bob.gone@example.org',
      '--lake',
      hashed,
    ]);
    const exported = await run(['export', '--lake', hashed]);
    // Assert
    expect(JSON.parse(found.stdout)).toMatchObject({
      address: 'bob.gone@example.org',
      suppressed: true,
    });
    expect(JSON.parse(withoutKey.stdout).suppressed).toBe(false);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toMatch(/left out 8 hashed/);
  });
});

describe('mailtrail suppressions list', () => {
  it('prints one table row per suppressed address', async () => {
    // Act
    const { code, stdout, stderr } = await run(['list', '--lake', lake]);
    // Assert
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^address\s+reason\s+provider\s+since/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toStrictEqual(
      EXPECTED_SUPPRESSED,
    );
    expect(stderr).toBe('(8 suppressed)\n');
  });

  it('prints CSV with a header line', async () => {
    // Act
    const { stdout } = await run(['list', '--lake', lake, '--format', 'csv']);
    // Assert
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'address,reason,provider,since,last_seen,smtp_status,diagnostic',
    );
    expect(lines).toHaveLength(EXPECTED_SUPPRESSED.length + 1);
    expect(lines).toContain(
      'gone@example.org,hard_bounce,cmc,2026-03-14T03:00:00.000Z,2026-03-14T05:00:00.000Z,5.1.1,550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
    );
  });

  it('prints one JSON object per line with the whole status', async () => {
    // Act
    const { stdout } = await run(['list', '--lake', lake, '--format', 'json']);
    // Assert
    const rows = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.address)).toStrictEqual(EXPECTED_SUPPRESSED);
    expect(rows.find((r) => r.address === 'gone@example.org')).toMatchObject({
      causes: 2,
      first_seen: '2026-03-14T03:00:00.000Z',
      last_seen: '2026-03-14T05:00:00.000Z',
    });
  });

  it('counts soft bounces only with the threshold on', async () => {
    // Act
    const on = await run([
      'list',
      '--lake',
      lake,
      '--format',
      'json',
      '--soft-bounce-threshold',
      '1',
    ]);
    // Assert
    const reasons = on.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.reason === 'soft_bounces')
      .map((r) => r.address);
    expect(reasons).toStrictEqual(['full@example.net', 'slow@example.com']);
  });

  it.each([
    [['--format', 'xml'], /--format must be one of table, json, csv/],
    [['--soft-bounce-threshold', '0'], /whole number ≥ 1, got "0"/],
    [['--soft-bounce-window-days', '3'], /needs --soft-bounce-threshold/],
    [
      ['--soft-bounce-threshold', '2', '--soft-bounce-window-days', 'x'],
      /--soft-bounce-window-days must be a whole number/,
    ],
    [['extra'], /unexpected "extra"/],
  ])('refuses %j with a clear line', async (args, message) => {
    // Act
    const { code, stdout, stderr } = await run([
      'list',
      '--lake',
      lake,
      ...args,
    ]);
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});

describe('mailtrail suppressions export', () => {
  it('prints the SES import CSV by default', async () => {
    // Act
    const { code, stdout } = await run([
      'export',
      '--format',
      'csv',
      '--lake',
      lake,
    ]);
    // Assert
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toStrictEqual([
      'alice.gone@example.org,BOUNCE',
      'bob.gone@example.org,BOUNCE',
      'carol.gone@example.org,BOUNCE',
      'gone@example.org,BOUNCE',
      'grumpy.user@example.net,COMPLAINT',
      'moved.away@example.org,BOUNCE',
      'policy@example.com,BOUNCE',
      'quiet.colleague@example.net,COMPLAINT',
    ]);
  });

  it("prints Mailgun's bounce import CSV", async () => {
    // Act
    const { stdout } = await run([
      'export',
      '--lake',
      lake,
      '--target',
      'mailgun-bounces',
    ]);
    // Assert
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('address,code,error,created_at');
    expect(lines).toContain(
      'policy@example.com,554,host mx.example.com[192.0.2.254] said: 554 5.7.1 Message rejected by policy (in reply to end of DATA command),"Sat, 14 Mar 2026 03:00:02 +0000"',
    );
    expect(lines).toHaveLength(7);
  });

  it.each([
    [['--format', 'json'], /--format must be one of csv/],
    [['--target', 'sendgrid'], /--target must be one of ses, mailgun-bounces/],
  ])('refuses %j', async (args, message) => {
    // Act
    const { code, stderr } = await run(['export', '--lake', lake, ...args]);
    // Assert
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
  });
});

describe('mailtrail suppressions remove', () => {
  it('records the removal; a new hard bounce afterwards suppresses again', async () => {
    // Arrange: a lake of its own
    const own = join(root, 'remove');
    await ingestEvents(own, fixtureEvents());
    const before = Date.now();
    // Act
    const removed = await run(
      [
        'remove',
        'Bob.Gone@example.org',
        '--reason',
        'typo fixed',
        '--lake',
        own,
      ],
      { USER: 'ada' },
    );
    const afterRemoval = await run([
      'check',
      'bob.gone@example.org',
      '--lake',
      own,
    ]);
    const listed = await run(['list', '--lake', own, '--format', 'json']);
    await ingestEvents(own, [
      hardBounce(
        'bob.gone@example.org',
        new Date(Date.now() + 60_000).toISOString(),
      ),
    ]);
    const afterBounce = await run([
      'check',
      'bob.gone@example.org',
      '--lake',
      own,
    ]);
    // Assert
    expect(removed.code).toBe(0);
    const record = JSON.parse(removed.stdout);
    expect(record).toMatchObject({
      address: 'bob.gone@example.org',
      removed: true,
      was: 'hard_bounce',
      by: 'cli:ada',
      reason: 'typo fixed',
    });
    expect(Date.parse(record.at)).toBeGreaterThanOrEqual(before);
    const stored = (await readFile(join(own, REMOVALS_FILE), 'utf8')).trim();
    expect(JSON.parse(stored)).toStrictEqual({
      address: 'bob.gone@example.org',
      at: record.at,
      by: 'cli:ada',
      reason: 'typo fixed',
    });
    expect(JSON.parse(afterRemoval.stdout).suppressed).toBe(false);
    expect(listed.stdout).not.toContain('bob.gone@');
    expect(listed.stdout).toContain('alice.gone@');
    expect(JSON.parse(afterBounce.stdout)).toMatchObject({
      suppressed: true,
      reason: 'hard_bounce',
      provider: 'blastengine',
    });
  });

  it('records who with --by, and skips unreadable lines with a count', async () => {
    // Arrange
    const own = join(root, 'remove-by');
    await ingestEvents(own, fixtureEvents());
    await run([
      'remove',
      'carol.gone@example.org',
      '--reason',
      'x',
      '--lake',
      own,
    ]);
    await writeFile(join(own, REMOVALS_FILE), 'not json\n{"address":1}\n', {
      flag: 'a',
    });
    // Act
    const { code, stdout, stderr } = await run([
      'remove',
      'alice.gone@example.org',
      '--reason',
      'support ticket 42',
      '--by',
      'crm-sync',
      '--lake',
      own,
    ]);
    const carol = await run(['check', 'carol.gone@example.org', '--lake', own]);
    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(stdout).by).toBe('crm-sync');
    expect(stderr).toMatch(/skipped 2 unreadable line\(s\)/);
    expect(JSON.parse(carol.stdout).suppressed).toBe(false);
  });

  it.each([
    [
      ['stranger@example.com', '--reason', 'x'],
      /stranger@example.com is not suppressed/,
    ],
    [['alice.gone@example.org'], /--reason TEXT is required/],
    [['alice.gone@example.org', '--reason', '  '], /--reason TEXT is required/],
    [['not-an-address', '--reason', 'x'], /invalid address/],
    [[], /give exactly one ADDRESS/],
  ])('refuses %j and records nothing', async (args, message) => {
    // Act
    const { code, stdout, stderr } = await run([
      'remove',
      ...args,
      '--lake',
      lake,
    ]);
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    await expect(readFile(join(lake, REMOVALS_FILE))).rejects.toThrow(/ENOENT/);
  });
});

describe('mailtrail suppressions (usage)', () => {
  it.each([
    [[], /missing subcommand/],
    [['purge'], /unknown subcommand "purge"/],
  ])('refuses %j with the subcommands', async (args, message) => {
    // Act
    const { code, stderr } = await run(args);
    // Assert
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('check, list, remove, export');
  });

  it('prints help with examples', async () => {
    // Act
    const { code, stdout } = await run(['--help']);
    // Assert
    expect(code).toBe(0);
    expect(stdout).toContain('mailtrail suppressions check ADDRESS');
    expect(stdout).toContain('Examples:');
  });
});
