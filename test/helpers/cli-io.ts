import { PassThrough } from 'node:stream';
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
