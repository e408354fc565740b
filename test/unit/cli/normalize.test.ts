import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmailEventSchema } from '../../../core/schema';
import { runCli } from '../../helpers/cli-io';
import { FIXTURES, REPO_ROOT } from '../../helpers/fixtures';

const BIN = join(REPO_ROOT, 'bin', 'mailtrail.js');

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    cwd: REPO_ROOT,
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

// Two runs of the real binary (file and stdin); the rest in-process.
describe('mailtrail normalize (the real binary)', () => {
  it('prints one valid canonical event per line for a file', () => {
    // Act
    const { code, stdout, stderr } = cli([
      'normalize',
      '--provider',
      'mailgun',
      '--received-at',
      '2026-03-14T03:00:00Z',
      join(FIXTURES, 'mailgun', 'webhook-delivered.json'),
    ]);
    // Assert
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const event = EmailEventSchema.parse(JSON.parse(lines[0] ?? ''));
    expect(event).toMatchObject({
      provider: 'mailgun',
      event_type: 'delivered',
      received_at: '2026-03-14T03:00:00.000Z',
    });
  });

  it('reads stdin when given -', () => {
    const { code, stdout } = cli(
      ['normalize', '--provider', 'blastengine', '-'],
      JSON.stringify({
        events: [
          {
            event: {
              type: 'DROP',
              datetime: '2026-03-14T11:30:04+09:00',
              detail: { mailaddress: 'x@example.jp', delivery_id: 1 },
            },
          },
        ],
      }),
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).event_type).toBe('dropped');
  });
});

describe('mailtrail normalize (in-process)', () => {
  it.each([
    [
      ['normalize', '--provider', 'mailgun', '-'],
      '{not json',
      'not valid JSON',
    ],
    [['normalize', '--provider', 'sendgrid', '-'], '{}', 'unknown provider'],
    [['normalize', '--provider', 'ses', '-'], '', 'input is empty'],
    [['normalize', '-'], '{}', 'give --provider'],
    [['normalize', '--provider', 'mailgun', '-'], '{"a":1}', 'mailgun'],
    [
      ['normalize', '--provider', 'mailgun', '/no/such/file'],
      '',
      'cannot read',
    ],
  ])(
    'fails %j with one line on stderr and nothing on stdout',
    async (args, input, message) => {
      // Act
      const { code, stdout, stderr } = await runCli(args, { input });
      // Assert
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toContain(message);
    },
  );

  it('also appends events and the raw input to a local lake with --lake', async () => {
    // Arrange
    const lake = mkdtempSync(join(tmpdir(), 'mailtrail-normalize-'));
    // Act
    const { code, stdout, stderr } = await runCli([
      'normalize',
      '--provider',
      'ses',
      '--lake',
      lake,
      join(FIXTURES, 'ses', 'sns-lambda-event-bounce.json'),
    ]);
    // Assert
    expect(code).toBe(0);
    const printed = stdout.trimEnd().split('\n').length;
    expect(stderr).toBe(`stored ${printed} event(s) in ${lake}\n`);
    const files = readdirSync(lake, { recursive: true }).map(String);
    expect(
      files.filter((f) =>
        /^events\/provider=ses\/dt=2026-03-14\/.*\.parquet$/.test(f),
      ),
    ).toHaveLength(1);
    expect(
      files.filter((f) =>
        /^raw\/provider=ses\/dt=\d{4}-\d{2}-\d{2}\/.*\.ndjson\.gz$/.test(f),
      ),
    ).toHaveLength(1);
  });

  it('prints help with exit 0', async () => {
    const { code, stdout } = await runCli(['normalize', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--provider');
  });

  it('rejects an unknown command', async () => {
    const { code, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(1);
    expect(stderr).toContain('unknown command "frobnicate"');
  });
});
