import { PassThrough } from 'node:stream';
import { main } from '../../cli/main';
import type { CliIo } from '../../cli/types';

/** A CliIo with in-memory streams; read what was written with `out()`/`err()`. */
export function memoryIo(env: NodeJS.ProcessEnv = {}): CliIo & {
  out(): string;
  err(): string;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    env,
    cwd: process.cwd(),
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}

/** Runs the CLI in-process, `input` on stdin; returns exit code and output. */
export async function runCli(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo(options.env);
  if (options.input !== undefined) (io.stdin as PassThrough).end(options.input);
  const code = await main(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}
