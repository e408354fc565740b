#!/usr/bin/env node
// Proves the npm package works for someone outside this repository:
//   npm pack (prepack builds dist/) → a fresh CDK app installs the tarball,
//   type-checks `import { MailtrailPipeline, loadConfig } from 'mailtrail'`
//   on NodeNext resolution, synthesizes with cdk-nag (prebuilt Lambda bundles,
//   no sources, no esbuild) → node_modules/.bin/mailtrail runs --version,
//   --help and normalize (with DuckDB hidden) → the same
//   after `npm install -g` (into a temporary prefix).
// Needs the npm registry (or npm's cache) for the tarball's dependencies.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'mailtrail-pack-'));
const keep = process.argv.includes('--keep');

function run(cmd, args, cwd, env = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const output = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim();
    throw new Error(`pack-smoke: ${cmd} ${args.join(' ')} failed:\n${output}`);
  }
}

function step(name, fn) {
  const t0 = Date.now();
  const out = fn();
  console.log(`ok  ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return out;
}

function expect(ok, message) {
  if (!ok) throw new Error(`pack-smoke: ${message}`);
}

const NPM_QUIET = [
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
  '--loglevel=error',
];

// The consumer's CDK app, TypeScript checked against the shipped .d.ts.
const APP_TS = `import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig, MailtrailPipeline } from 'mailtrail';
import { type EmailEvent, normalizeInput } from 'mailtrail/core';

declare const process: { env: Record<string, string | undefined> };

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'ConsumerStack', {
  env: { account: '123456789012', region: 'ap-northeast-1' },
});
const pipeline = new MailtrailPipeline(stack, 'Mailtrail', {
  config: loadConfig({ prefix: 'consumer' }),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
const events: EmailEvent[] = normalizeInput('mailgun', process.env.BODY ?? '', {
  receivedAt: '2026-01-01T00:00:00.000Z',
});
console.log(JSON.stringify({ bucket: pipeline.lake.bucket.node.path, events: events.length }));
`;

try {
  const tarball = step('npm pack (build on prepack)', () => {
    const out = run(
      'npm',
      ['pack', '--json', '--pack-destination', work, '--loglevel=error'],
      ROOT,
    );
    const [info] = JSON.parse(out.slice(out.indexOf('[')));
    const files = info.files.map((f) => f.path);
    expect(files.includes('dist/index.js'), 'dist/index.js is not packed');
    expect(
      files.includes('dist/lambdas/webhook/index.mjs'),
      'prebuilt Lambdas are not packed',
    );
    expect(
      !files.some((f) => /^(lib|core|cli|lambdas|test)\//.test(f)),
      'TypeScript sources are packed',
    );
    return join(work, info.filename);
  });

  const app = join(work, 'app');
  mkdirSync(app);
  const peers = ['aws-cdk-lib', 'constructs', 'cdk-nag'];
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: {
        mailtrail: `file:${tarball}`,
        ...Object.fromEntries(
          peers.map((p) => [p, repoPkg.devDependencies[p]]),
        ),
      },
    }),
  );
  writeFileSync(join(app, 'app.ts'), APP_TS);
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        types: [],
        skipLibCheck: true,
      },
      files: ['app.ts'],
    }),
  );
  step('consumer npm install (tarball + peers)', () =>
    run('npm', ['install', ...NPM_QUIET], app),
  );

  step('consumer tsc (NodeNext) against the shipped .d.ts', () =>
    run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', app], app),
  );

  step('consumer synth with cdk-nag, prebuilt Lambda code', () => {
    run(
      join(ROOT, 'node_modules', '.bin', 'esbuild'),
      ['app.ts', '--outfile=app.mjs', '--log-level=error'],
      app,
    );
    const body = readFileSync(
      join(ROOT, 'test', 'fixtures', 'mailgun', 'webhook-delivered.json'),
      'utf8',
    );
    const out = JSON.parse(
      run(process.execPath, ['app.mjs'], app, { BODY: body }),
    );
    expect(
      out.events === 1,
      `mailtrail/core normalized ${out.events} events, expected 1`,
    );
    const template = JSON.parse(
      readFileSync(join(app, 'cdk.out', 'ConsumerStack.template.json'), 'utf8'),
    );
    const fns = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function',
    );
    expect(fns.length > 0, 'no Lambda function in the template');
    const assets = readdirSync(join(app, 'cdk.out')).filter((d) =>
      d.startsWith('asset.'),
    );
    for (const fn of fns.filter(
      (f) => f.Properties.Handler === 'index.handler',
    )) {
      const hash = fn.Properties.Code.S3Key.replace(/\.zip$/, '');
      expect(assets.includes(`asset.${hash}`), `asset ${hash} not staged`);
      const files = readdirSync(join(app, 'cdk.out', `asset.${hash}`));
      expect(files.includes('index.mjs'), `asset ${hash} has no index.mjs`);
    }
  });

  const bin = join(app, 'node_modules', '.bin', 'mailtrail');
  const fixture = join(
    ROOT,
    'test',
    'fixtures',
    'mailgun',
    'webhook-delivered.json',
  );
  const checkCli = (mailtrail) => {
    const version = run(mailtrail, ['--version'], app).trim();
    expect(
      version.includes(repoPkg.version),
      `mailtrail --version printed "${version}"`,
    );
    const help = run(mailtrail, ['--help'], app);
    expect(help.includes('normalize'), 'mailtrail --help lists no normalize');
    const ndjson = run(
      mailtrail,
      ['normalize', '--provider', 'mailgun', fixture],
      app,
    );
    const event = JSON.parse(ndjson.trim().split('\n')[0]);
    expect(
      event.provider === 'mailgun',
      `normalize printed ${ndjson.slice(0, 80)}`,
    );
  };
  step(
    'node_modules/.bin/mailtrail --version, --help, normalize without DuckDB',
    () => {
      // Only the lake commands may load DuckDB: hide it to prove normalize
      // does not.
      const duckdb = join(app, 'node_modules', '@duckdb');
      renameSync(duckdb, `${duckdb}.hidden`);
      try {
        checkCli(bin);
      } finally {
        renameSync(`${duckdb}.hidden`, duckdb);
      }
    },
  );

  const prefix = join(work, 'global');
  step('npm install -g <tarball> (temporary prefix)', () => {
    run(
      'npm',
      ['install', '-g', '--prefix', prefix, ...NPM_QUIET, tarball],
      work,
    );
    checkCli(join(prefix, 'bin', 'mailtrail'));
  });
  console.log('pack-smoke: the package installs, synthesizes and runs');
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
