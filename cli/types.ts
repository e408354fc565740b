/** The streams and environment a command uses, injectable for tests. */
export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** One `mailtrail <command>`. Returns the process exit code. */
export interface CliCommand {
  /** Usage line(s), description and options (the summary lives in main). */
  readonly usage: string;
  /** Command lines shown under "Examples:" in the command's help. */
  readonly examples: readonly string[];
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A problem with the command line itself; printed with the usage. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The process's real streams. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}
