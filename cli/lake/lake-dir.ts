import { resolve } from 'node:path';
import type { CliIo } from '../types';

/** Environment variable naming the local lake directory. */
export const LAKE_ENV = 'MAILTRAIL_LAKE';

/** Local lake directory when neither --lake nor MAILTRAIL_LAKE is given. */
export const DEFAULT_LAKE_DIR = '.lake';

/**
 * The local lake directory: `--lake`, else $MAILTRAIL_LAKE, else ./.lake,
 * resolved against the command's working directory.
 */
export function resolveLakeDir(
  io: Pick<CliIo, 'env' | 'cwd'>,
  flag?: string,
): string {
  const dir = flag || io.env[LAKE_ENV] || DEFAULT_LAKE_DIR;
  return resolve(io.cwd, dir);
}
