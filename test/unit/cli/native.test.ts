import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';
import { reportingHttp, unreachable } from '../../../cli/network';
import { ttyStatus } from '../../../cli/tty-status';
import { memoryIo, runCli } from '../../helpers/cli-io';
import { loadFixtureText, REPO_ROOT } from '../../helpers/fixtures';

const COMMANDS = [
  'normalize',
  'serve',
  'query',
  'backfill',
  'reconcile',
  'replay',
  'ses',
  'cost',
  'suppressions',
];

const run = (args: string[], input?: string, env = {}) =>
  runCli(args, { input, env });

describe('mailtrail help and version', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(
      readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'),
    );
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it('lists every command with a one-line description', async () => {
    const { code, stdout } = await run(['help']);
    expect(code).toBe(0);
    for (const name of COMMANDS) {
      expect(stdout).toMatch(new RegExp(`^  ${name} +\\S.{10,}$`, 'm'));
    }
    expect(stdout).toContain('Examples:');
  });

  it.each(COMMANDS)('help %s matches --help and has examples', async (name) => {
    const viaHelp = await run(['help', name]);
    const viaFlag = await run([name, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout).toMatch(/\nExamples:\n {2}(\S+ )*mailtrail /);
  });

  it('names an unknown command and where to look', async () => {
    const { code, stderr } = await run(['help', 'frobnicate']);
    expect(code).toBe(1);
    expect(stderr).toContain('unknown command "frobnicate"');
  });
});

describe('bad input in mailtrail words', () => {
  it.each([
    [
      ['cost', '--events-per-month', '-5'],
      'mailtrail cost: --events-per-month must be a positive number or 0, got "-5" (see mailtrail help cost)\n',
    ],
    [
      ['cost', '--events-per-mont', '5'],
      'mailtrail cost: unknown option --events-per-mont (did you mean --events-per-month?) (see mailtrail help cost)\n',
    ],
    [
      ['cost', '--events-per-month'],
      'mailtrail cost: --events-per-month needs a value (see mailtrail help cost)\n',
    ],
    [
      ['cost', '--events-per-month', '--json'],
      'mailtrail cost: --events-per-month needs a value (got "--json") (see mailtrail help cost)\n',
    ],
    [
      ['cost', '--json=yes', '--events-per-month', '1'],
      'mailtrail cost: --json takes no value (see mailtrail help cost)\n',
    ],
    [
      ['cost', 'extra', '--events-per-month', '1'],
      'mailtrail cost: unexpected argument "extra" (see mailtrail help cost)\n',
    ],
    [
      ['cost', '--events-per-month', '1', '--format', 'xml'],
      'mailtrail cost: --format must be table, json, csv; got "xml" (see mailtrail help cost)\n',
    ],
    [
      ['query', '-x'],
      'mailtrail query: unknown option -x (see mailtrail help query)\n',
    ],
  ])('%j exits 1 with one line', async (args, line) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(line);
  });
});

describe('--format', () => {
  it('prints the cost lines as CSV and the estimate as JSON', async () => {
    const csv = await run([
      'cost',
      '--events-per-month',
      '1000000',
      '--format',
      'csv',
    ]);
    const json = await run([
      'cost',
      '--events-per-month',
      '1000000',
      '--format',
      'json',
    ]);
    expect(csv.code).toBe(0);
    const estimate = JSON.parse(json.stdout);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('service,item,quantity,unit,usd');
    expect(rows).toHaveLength(estimate.lines.length + 1);
  });
});

describe('mailtrail normalize input handling', () => {
  const ses = loadFixtureText('ses', 'bounce-undetermined.json');
  const receivedAt = ['--received-at', '2026-03-14T03:00:00Z'];

  it('accepts a BOM and tells the provider from the shape', async () => {
    const plain = await run(
      ['normalize', '--provider', 'ses', ...receivedAt, '-'],
      ses,
    );
    const guessed = await run(
      ['normalize', ...receivedAt, '-'],
      `\uFEFF${ses}`,
    );
    expect(guessed.stderr).toBe('');
    expect(guessed.code).toBe(0);
    expect(guessed.stdout).toBe(plain.stdout);
    expect(JSON.parse(guessed.stdout).provider).toBe('ses');
  });

  it('reports a truncated JSON file as truncated, at its last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtrail-native-'));
    const file = join(dir, 'cut.json');
    const cut = ses.slice(0, 200);
    writeFileSync(file, cut);
    const { code, stdout, stderr } = await run([
      'normalize',
      '--provider',
      'ses',
      file,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      `truncated: the JSON ends at line ${cut.trimEnd().split('\n').length}`,
    );
    expect(stderr).not.toContain('NDJSON');
  });

  it('streams NDJSON: keeps every good line and counts the bad one by number', async () => {
    const line = JSON.stringify(JSON.parse(ses));
    const input = `${line}\n${line}\n{oops\n${line}\n`;
    const { code, stdout, stderr } = await run(
      ['normalize', ...receivedAt, '-'],
      input,
    );
    expect(code).toBe(1);
    const events = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.every((e) => e.source === 'firehose')).toBe(true);
    expect(stderr).toMatch(/^line 3: .*JSON/m);
    expect(stderr).toContain('1 line(s) not normalized');
  });

  it('tells each NDJSON line its own provider when --provider is left out', async () => {
    const mailgun = JSON.stringify(
      JSON.parse(loadFixtureText('mailgun', 'webhook-rejected.json')),
    );
    const line = JSON.stringify(JSON.parse(ses));
    const { code, stdout, stderr } = await run(
      ['normalize', ...receivedAt, '-'],
      `${line}\r\n${mailgun}\r\n`,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const providers = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).provider);
    expect(new Set(providers)).toStrictEqual(new Set(['ses', 'mailgun']));
  });

  it('draws progress only on a terminal, at most every interval', () => {
    let t = 0;
    const tty = memoryIo();
    Object.assign(tty.stderr, { isTTY: true });
    const status = ttyStatus(tty.stderr, 100, () => t);
    status.update(() => 'a');
    t = 50;
    status.update(() => 'b');
    t = 150;
    status.update(() => 'c');
    status.done();
    expect(tty.err()).toBe('\r\x1b[2Ka\r\x1b[2Kc\n');
    const pipe = memoryIo();
    const quiet = ttyStatus(pipe.stderr);
    quiet.update(() => 'a');
    quiet.done();
    expect(pipe.err()).toBe('');
  });

  it('asks for --provider when the shape says nothing', async () => {
    const { code, stderr } = await run(['normalize', '-'], 'a=1&b=2');
    expect(code).toBe(1);
    expect(stderr).toContain('give --provider');
  });

  it('prints usage instead of waiting when stdin is a terminal', async () => {
    const io = memoryIo();
    Object.assign(io.stdin, { isTTY: true });
    const code = await main(['normalize'], io);
    expect(code).toBe(1);
    expect(io.err()).toContain('no input: give a FILE');
    expect(io.err()).toContain('Usage: mailtrail normalize');
  });
});

describe('network and AWS failures', () => {
  it('names the host a request could not reach', () => {
    const err = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    expect(unreachable('api.example.com', err)).toBe(
      'cannot reach api.example.com: ECONNREFUSED',
    );
  });

  it('backfill reports each retry with the host instead of waiting silently', async () => {
    const io = memoryIo();
    const refused = async () => {
      throw Object.assign(new TypeError('fetch failed'), {
        cause: { code: 'ECONNREFUSED' },
      });
    };
    const waits: number[] = [];
    const http = reportingHttp(io.stderr, refused, async (ms) => {
      waits.push(ms);
    });
    await expect(http.fetch('http://api.example.com/v3/x')).rejects.toThrow(
      'cannot reach api.example.com: ECONNREFUSED',
    );
    await http.sleep(1500);
    expect(waits).toStrictEqual([1500]);
    expect(io.err()).toBe(
      'cannot reach api.example.com: ECONNREFUSED; retrying in 1.5 s (attempt 2)\n',
    );
  });

  /** `ses attach --dry-run` for one configuration set and SNS topic. */
  const DRY_RUN_ATTACH = [
    'ses',
    'attach',
    '--configuration-set',
    'prod',
    '--sns-topic-arn',
    'arn:aws:sns:us-east-1:123456789012:t',
    '--region',
    'us-east-1',
    '--dry-run',
  ];

  it('ses attach --dry-run with no credentials plans offline and says what comparing needs', async () => {
    const { code, stdout, stderr } = await run(DRY_RUN_ATTACH, undefined, {
      HOME: mkdtempSync(join(tmpdir(), 'mailtrail-home-')),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^would create or update event destination "mailtrail"/,
    );
    expect(stderr).toContain('ses:GetConfigurationSetEventDestinations');
  });

  describe('ses attach against an endpoint that is not SES', () => {
    const creds = {
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
    };
    const attach = (endpoint: string) =>
      run(DRY_RUN_ATTACH, undefined, {
        ...creds,
        MAILTRAIL_AWS_ENDPOINT: endpoint,
      });

    it('says the answer was not the SES API, never the SDK deserialization text', async () => {
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>It works!</body></html>');
      });
      await new Promise<void>((resolve) =>
        server.listen(0, '127.0.0.1', resolve),
      );
      const { port } = server.address() as AddressInfo;
      try {
        const { code, stdout, stderr } = await attach(
          `http://127.0.0.1:${port}`,
        );
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr).toBe(
          `mailtrail ses: 127.0.0.1:${port} did not answer like the SES v2 API (HTTP 200); check --region and MAILTRAIL_AWS_ENDPOINT\n`,
        );
      } finally {
        server.close();
      }
    });

    it('names the host it cannot reach', async () => {
      const server = createServer();
      await new Promise<void>((resolve) =>
        server.listen(0, '127.0.0.1', resolve),
      );
      const { port } = server.address() as AddressInfo;
      await new Promise((resolve) => server.close(resolve));
      const { code, stderr } = await attach(`http://127.0.0.1:${port}`);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `mailtrail ses: cannot reach 127.0.0.1:${port}: ECONNREFUSED\n`,
      );
    });
  });
});
