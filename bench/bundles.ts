import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ENV } from '../contract/env';
import {
  lambdaEsbuildOptions,
  lambdaHandlers,
} from '../scripts/lambda-bundles';
import { median } from './stats';

/** One Lambda's bundle sizes and cold import times. */
export interface BundleRow {
  readonly handler: string;
  /** Minified bytes with the AWS SDK inside (what `cdk deploy` ships). */
  readonly bundledBytes: number;
  readonly bundledGzipBytes: number;
  /** Minified bytes with @aws-sdk/* left to the Lambda runtime's copy. */
  readonly externalBytes: number;
  readonly externalGzipBytes: number;
  /** Median wall time of `node -e "import('./index.mjs')"`, ms. */
  readonly bundledImportMs: number;
  readonly externalImportMs: number;
  /** The same for an empty module, measured interleaved. */
  readonly baselineImportMs: number;
}

/** Module-scope code reads its environment: give every name a value. */
function handlerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: 'us-east-1' };
  for (const name of Object.values(ENV)) env[name] = 'bench';
  Object.assign(env, {
    [ENV.METRIC_DIMENSIONS]: 'Provider,SendingDomain',
    [ENV.CMC_TIMEZONE]: 'Asia/Tokyo',
    [ENV.MAILGUN_TOLERANCE_SECONDS]: '300',
    [ENV.WEBHOOK_MAX_BODY_BYTES]: '6000000',
    [ENV.RATE_WINDOW_HOURS]: '24',
    [ENV.RATE_MINIMUM_VOLUME]: '100',
    [ENV.BLASTENGINE_ALLOWED_IPS]: '',
    [ENV.PRIVACY_KEY_SECRET]: '',
    // As the Lambda sets it (PipelineFunction): source maps load at import.
    NODE_OPTIONS: '--enable-source-maps',
  });
  return env;
}

/** Wall time of one cold `import()` of dir/index.mjs in a fresh node, ms. */
function importOnce(dir: string, env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      "import('./index.mjs').catch((e) => { console.error(e.message); process.exit(3); })",
    ],
    { cwd: dir, env, encoding: 'utf8' },
  );
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`import of ${dir} failed: ${r.stderr}`);
  return ms;
}

const size = (file: string) => {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};

/**
 * Bundles every lambdas/<name>/handler.ts twice (SDK bundled / external)
 * into outDir with the construct's esbuild options, then imports each
 * `runs` times in fresh processes beside an empty module.
 */
export async function measureBundles(
  repoRoot: string,
  outDir: string,
  runs: number,
  onProgress?: (line: string) => void,
): Promise<BundleRow[]> {
  const handlers = lambdaHandlers(repoRoot);
  const env = handlerEnv();
  const emptyDir = join(outDir, '_empty');
  mkdirSync(emptyDir, { recursive: true });
  writeFileSync(join(emptyDir, 'index.mjs'), 'export {};\n');
  const rows: BundleRow[] = [];
  for (const handler of handlers) {
    const entry = join(repoRoot, 'lambdas', handler, 'handler.ts');
    const dirs = {
      bundled: join(outDir, handler, 'sdk-bundled'),
      external: join(outDir, handler, 'sdk-external'),
    };
    for (const [kind, dir] of Object.entries(dirs)) {
      await build({
        ...lambdaEsbuildOptions(kind === 'external'),
        entryPoints: [entry],
        outfile: join(dir, 'index.mjs'),
      });
    }
    const times = {
      bundled: [] as number[],
      external: [] as number[],
      baseline: [] as number[],
    };
    importOnce(dirs.bundled, env); // warm the file cache
    for (let i = 0; i < runs; i++) {
      times.baseline.push(importOnce(emptyDir, env));
      times.bundled.push(importOnce(dirs.bundled, env));
      times.external.push(importOnce(dirs.external, env));
    }
    const bundled = size(join(dirs.bundled, 'index.mjs'));
    const external = size(join(dirs.external, 'index.mjs'));
    rows.push({
      handler,
      bundledBytes: bundled.raw,
      bundledGzipBytes: bundled.gzip,
      externalBytes: external.raw,
      externalGzipBytes: external.gzip,
      bundledImportMs: median(times.bundled),
      externalImportMs: median(times.external),
      baselineImportMs: median(times.baseline),
    });
    onProgress?.(`bundles: ${handler} done`);
  }
  return rows;
}
