import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestEvents } from '../../../adapters/local/lake-sink';
import { cellText, displayWidth, formatTable } from '../../../cli/lake/format';
import { resolveLakeDir } from '../../../cli/lake/lake-dir';
import { main } from '../../../cli/main';
import type { CliIo } from '../../../cli/types';
import { buildEvent } from '../../../core/providers/common';
import { NAMED_QUERIES } from '../../../core/queries/named-queries';

let lake: string;

function capture(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = capture(stdout);
  const err = capture(stderr);
  const io: CliIo = {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env,
    cwd: lake,
  };
  const code = await main(['query', ...args], io);
  return { code, stdout: out(), stderr: err() };
}

beforeAll(async () => {
  lake = await mkdtemp(join(tmpdir(), 'mailtrail-query-'));
  const ctx = {
    receivedAt: '2026-03-15T00:00:00.000Z',
    source: 'webhook' as const,
  };
  await ingestEvents(join(lake, 'data'), [
    buildEvent(
      {
        provider: 'cmc',
        idParts: ['1'],
        eventType: 'delivered',
        occurredAt: '2026-03-14T02:10:01.000Z',
        recipient: 'Hanako@Example.jp',
        subject: 'ご注文の発送',
        providerEvent: 'succeeded',
        tags: { api_data: 'ORD-1' },
      },
      ctx,
    ),
  ]);
});

afterAll(async () => {
  await rm(lake, { recursive: true, force: true });
});

describe('mailtrail query', () => {
  it('lists every named query with its description', async () => {
    // Act
    const { code, stdout } = await run(['--list']);
    // Assert
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toStrictEqual(
      NAMED_QUERIES.map((q) => q.name),
    );
    expect(lines[2]).toContain('[--param recipient=…]');
    expect(lines[0]).toContain('[--since DATE|--days N]');
  });

  it('prints an aligned table for a named query with a parameter', async () => {
    // Act
    const { code, stdout, stderr } = await run([
      'recipient-timeline',
      '--lake',
      'data',
      '--param',
      'recipient=hanako@example.jp',
    ]);
    // Assert
    expect(code).toBe(0);
    const [header, rule, row] = stdout.split('\n');
    expect(header).toMatch(/^occurred_at {15}provider {2}event_type {2}/);
    expect(rule).toMatch(/^-{24} {2}-{8} {2}-{10} {2}/);
    expect(row).toMatch(/^2026-03-14T02:10:01\.000Z {2}cmc {7}delivered {3}/);
    expect(stderr).toBe('(1 row)\n');
  });

  it('prints JSON lines with --json for raw SQL, reading the lake from MAILTRAIL_LAKE', async () => {
    // Act
    const { code, stdout } = await run(
      ['SELECT recipient, tags, dt FROM events_dedup', '--json'],
      { MAILTRAIL_LAKE: 'data' },
    );
    // Assert
    expect(code).toBe(0);
    expect(stdout).toBe(
      '{"recipient":"hanako@example.jp","tags":{"api_data":"ORD-1"},"dt":"2026-03-14"}\n',
    );
  });

  it.each([
    ['a table', []],
    ['JSON lines', ['--json']],
  ])(
    'prints control characters from the lake escaped in %s',
    async (_, flags) => {
      // Arrange: a clear-screen sequence, a C1 control and a right-to-left override.
      const sql =
        "SELECT chr(27) || '[2J' || chr(155) || chr(8238) || 'x' AS s FROM events_dedup";
      // Act
      const { code, stdout } = await run([sql, ...flags], {
        MAILTRAIL_LAKE: 'data',
      });
      // Assert
      expect(code).toBe(0);
      expect(stdout).toContain('\\u001b[2J\\u009b\\u202ex');
      for (const raw of ['\u001b', '\u009b', '\u202e']) {
        expect(stdout).not.toContain(raw);
      }
    },
  );

  it('fails with one line when the lake is empty', async () => {
    // Act
    const { code, stdout, stderr } = await run(['daily-rates']);
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `mailtrail query: no events in ${join(lake, '.lake')} yet\n`,
    );
  });

  it('rejects an unknown named query', async () => {
    // Act
    const { code, stderr } = await run(['daily-rate']);
    // Assert
    expect(code).toBe(1);
    expect(stderr).toBe(
      'mailtrail query: unknown named query "daily-rate" (run mailtrail query --list) (see mailtrail help query)\n',
    );
  });

  it('rejects a --param without NAME=VALUE', async () => {
    // Act
    const { code, stderr } = await run(['recipient-timeline', '--param', 'x']);
    // Assert
    expect(code).toBe(1);
    expect(stderr).toContain('--param expects NAME=VALUE, got "x"');
  });

  it('reads the whole lake by default and narrows it with --since', async () => {
    // Act
    const all = await run(['daily-rates', '--lake', 'data', '--json']);
    const from14 = await run([
      'daily-rates',
      '--lake',
      'data',
      '--since',
      '2026-03-14',
      '--json',
    ]);
    const from15 = await run([
      'daily-rates',
      '--lake',
      'data',
      '--since',
      '2026-03-15',
      '--json',
    ]);
    // Assert
    expect(all.stdout).toBe(from14.stdout);
    expect(JSON.parse(from14.stdout)).toMatchObject({
      day: '2026-03-14',
      provider: 'cmc',
      delivered: 1,
    });
    expect(from15.stdout).toBe('');
    expect(from15.stderr).toBe('(0 rows)\n');
  });

  it('counts --days back from today, today included', async () => {
    // Arrange
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-20T23:00:00.000Z'));
    try {
      // Act
      const seven = await run(['daily-rates', '--lake', 'data', '--days', '7']);
      const six = await run(['daily-rates', '--lake', 'data', '--days', '6']);
      // Assert
      expect(seven.stderr).toBe('(1 row)\n');
      expect(six.stderr).toBe('(0 rows)\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    [
      ['--since', '2026-02-30'],
      '--since: expected a date YYYY-MM-DD, got "2026-02-30"',
    ],
    [['--days', '0'], '--days: expected a whole number of days ≥ 1, got 0'],
    [['--days', '1e3'], '--days: expected a whole number of days ≥ 1, got NaN'],
    [
      ['--since', '2026-03-01', '--days', '3'],
      'give --since or --days, not both',
    ],
  ])('rejects the window %j', async (flags, message) => {
    // Act
    const { code, stdout, stderr } = await run([
      'daily-rates',
      '--lake',
      'data',
      ...flags,
    ]);
    // Assert
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('asks for exactly one query', async () => {
    // Act
    const { code, stderr } = await run([]);
    // Assert
    expect(code).toBe(1);
    expect(stderr).toContain('give exactly one named query or SQL statement');
  });
});

describe('resolveLakeDir', () => {
  it('prefers --lake over MAILTRAIL_LAKE', () => {
    // Act
    const dir = resolveLakeDir(
      { env: { MAILTRAIL_LAKE: '/env' }, cwd: '/w' },
      'flag',
    );
    // Assert
    expect(dir).toBe('/w/flag');
  });

  it('defaults to ./.lake', () => {
    // Act
    const dir = resolveLakeDir({ env: {}, cwd: '/w' });
    // Assert
    expect(dir).toBe('/w/.lake');
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell, counting wide characters twice', () => {
    // Act
    const text = formatTable(
      ['a', 'b'],
      [
        { a: '配信', b: 1 },
        { a: 'x', b: null },
      ],
    );
    // Assert
    expect(text).toBe(
      ['a     b', '----  ----', '配信  1', 'x     NULL'].join('\n'),
    );
  });

  it('escapes control characters in cells and column names', () => {
    expect(formatTable(['a\u0007'], [{ 'a\u0007': '\u001b[31mred\r\n' }])).toBe(
      `a\\u0007\n${'-'.repeat(14)}\n\\u001b[31mred⏎`,
    );
  });

  it('shows maps as JSON and newlines as ⏎', () => {
    // Act / Assert
    expect(cellText({ k: 'v' })).toBe('{"k":"v"}');
    expect(formatTable(['d'], [{ d: 'a\nb' }])).toBe('d\n---\na⏎b');
  });

  it('measures ASCII as one column per character', () => {
    // Act / Assert
    expect(displayWidth('abc')).toBe(3);
  });
});
