/**
 * Runs a command with the Lambda runtime's Node.js major first on PATH, so
 * the handlers' tests run on the Node the functions deploy to, whatever Node
 * the development toolchain uses. When this Node is another major, the
 * official binary of the latest matching release is installed once from the
 * npm registry (package node-<platform>-<arch>) into
 * node_modules/.cache/lambda-node.
 *
 * Usage: tsx scripts/with-lambda-node.ts <command> [args...]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { LAMBDA_NODE_MAJOR } from '../lib/constructs/pipeline-function';

const ROOT = join(import.meta.dirname, '..');

/** The directory of a `node` of LAMBDA_NODE_MAJOR, installed if needed. */
function lambdaNodeDir(): string {
  const running = Number(process.versions.node.split('.')[0]);
  if (running === LAMBDA_NODE_MAJOR) return dirname(process.execPath);
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(ROOT, 'node_modules', '.cache', 'lambda-node');
  const bin = join(prefix, 'node_modules', pkg, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.error(
      `with-lambda-node: installing ${pkg}@${LAMBDA_NODE_MAJOR} (the Lambda runtime's Node)`,
    );
    const npm = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        `${pkg}@${LAMBDA_NODE_MAJOR}`,
      ],
      { stdio: 'inherit' },
    );
    if (npm.status !== 0 || !existsSync(join(bin, 'node'))) {
      console.error(
        `with-lambda-node: could not install ${pkg}@${LAMBDA_NODE_MAJOR}`,
      );
      process.exit(1);
    }
  }
  return bin;
}

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: tsx scripts/with-lambda-node.ts <command> [args...]');
  process.exit(2);
}
const dir = lambdaNodeDir();
const env = { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}` };
const node = spawnSync(join(dir, 'node'), ['--version'], { env });
const version = String(node.stdout).trim();
if (!version.startsWith(`v${LAMBDA_NODE_MAJOR}.`)) {
  console.error(
    `with-lambda-node: ${join(dir, 'node')} is ${version || 'not runnable'}`,
  );
  process.exit(1);
}
console.error(`with-lambda-node: running on Node ${version}`);
const run = spawnSync(cmd, args, { stdio: 'inherit', env });
process.exit(run.status ?? 1);
