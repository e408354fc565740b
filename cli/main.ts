import { type CliCommand, type CliIo, CliUsageError, processIo } from './types';
import { readVersion } from './version';

/**
 * Commands load lazily so `normalize` never pays for DuckDB or the AWS SDK;
 * the one-line summaries live here so the top-level help loads nothing.
 * Each module exports `command: CliCommand`.
 */
const COMMANDS: Readonly<
  Record<
    string,
    { summary: string; load: () => Promise<{ command: CliCommand }> }
  >
> = {
  normalize: {
    summary: 'Normalize a provider payload into canonical events (NDJSON)',
    load: () => import('./commands/normalize'),
  },
  serve: {
    summary: 'Serve the webhook endpoints locally, writing a local lake',
    load: () => import('./commands/serve'),
  },
  query: {
    summary: 'Query the local lake with DuckDB (same named queries as Athena)',
    load: () => import('./commands/query'),
  },
  backfill: {
    summary: 'Archive provider logs over past days into a lake (resumable)',
    load: () => import('./commands/backfill'),
  },
  ses: {
    summary: 'Attach an all-event destination to an SES configuration set',
    load: () => import('./commands/ses'),
  },
  cost: {
    summary: 'Estimate the monthly AWS cost of a deployment',
    load: () => import('./commands/cost'),
  },
  reconcile: {
    summary: 'Compare webhook and archive events per provider and day',
    load: () => import('./commands/reconcile'),
  },
  replay: {
    summary: 'Re-normalize raw payloads of the lake and write the events again',
    load: () => import('./commands/replay'),
  },
  hash: {
    summary:
      'Print the hmac:… pseudonym stored for an address (hashed recipients)',
    load: () => import('./commands/hash'),
  },
  suppressions: {
    summary: 'Check, list, remove and export suppressed addresses (local lake)',
    load: () => import('./commands/suppressions'),
  },
};

const NAMES = Object.keys(COMMANDS);

function topHelp(): string {
  const width = Math.max(...NAMES.map((n) => n.length));
  return [
    'Usage: mailtrail <command> [options]',
    '       mailtrail help [command]',
    '       mailtrail --version',
    '',
    'Commands:',
    ...NAMES.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]!.summary}`),
    '',
    'Examples:',
    '  mailtrail normalize webhook-body.json',
    '  mailtrail query --list',
    '  mailtrail help backfill',
    '',
    "Run `mailtrail help <command>` for a command's options and examples.",
  ].join('\n');
}

/** A command's full help: summary, usage, options, examples. */
function commandHelp(summary: string, command: CliCommand): string {
  return [
    `${summary}.`,
    '',
    command.usage,
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

function unknownCommand(name: string, io: CliIo): number {
  io.stderr.write(
    `mailtrail: unknown command "${name}" (expected one of: ${NAMES.join(', ')}; see mailtrail help)\n`,
  );
  return 1;
}

async function help(topic: string | undefined, io: CliIo): Promise<number> {
  if (topic === undefined) {
    io.stdout.write(`${topHelp()}\n`);
    return 0;
  }
  const entry = COMMANDS[topic];
  if (!entry) return unknownCommand(topic, io);
  const { command } = await entry.load();
  io.stdout.write(`${commandHelp(entry.summary, command)}\n`);
  return 0;
}

const isHelpFlag = (a: string) => a === '--help' || a === '-h';

/**
 * Runs the CLI; returns the exit code. Failures print one line to stderr
 * (with a hint to the command's help for bad input) and exit 1.
 */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo(),
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(`${topHelp()}\n`);
    return 1;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if (name === 'help' || isHelpFlag(name)) return help(rest[0], io);
  const entry = COMMANDS[name];
  if (!entry) return unknownCommand(name, io);
  const { command } = await entry.load();
  const terminator = rest.indexOf('--');
  const flags = terminator === -1 ? rest : rest.slice(0, terminator);
  if (flags.some(isHelpFlag)) return help(name, io);
  try {
    return await command.run(rest, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const hint =
      err instanceof CliUsageError ? ` (see mailtrail help ${name})` : '';
    io.stderr.write(`mailtrail ${name}: ${message}${hint}\n`);
    return 1;
  }
}
