import { type CliCommand, type CliIo, CliUsageError, processIo } from './types';

/**
 * Commands load lazily so `normalize` never pays for DuckDB or the AWS SDK.
 * Each module exports `command: CliCommand`.
 */
const COMMANDS: Readonly<
  Record<string, () => Promise<{ command: CliCommand }>>
> = {
  backfill: () => import('./commands/backfill'),
  cost: () => import('./commands/cost'),
  normalize: () => import('./commands/normalize'),
  query: () => import('./commands/query'),
  reconcile: () => import('./commands/reconcile'),
  replay: () => import('./commands/replay'),
  ses: () => import('./commands/ses'),
  serve: () => import('./commands/serve'),
  suppressions: () => import('./commands/suppressions'),
};

function helpText(): string {
  return [
    'Usage: mailtrail <command> [options]',
    '',
    'Commands:',
    ...Object.keys(COMMANDS).map((name) => `  ${name}`),
    '',
    "Run `mailtrail <command> --help` for a command's options.",
  ].join('\n');
}

/**
 * Runs the CLI; returns the exit code. Failures print one line to stderr and
 * nothing to stdout, and exit 1.
 */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo(),
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr).write(`${helpText()}\n`);
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(
      `mailtrail: unknown command "${name}" (expected one of: ${Object.keys(COMMANDS).join(', ')})\n`,
    );
    return 1;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.summary}\n\n${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const hint =
      err instanceof CliUsageError ? ` (see mailtrail ${name} --help)` : '';
    io.stderr.write(`mailtrail ${name}: ${message}${hint}\n`);
    return 1;
  }
}
