// `npm run build` (also on prepack): dist/ for the npm package.
//   dist/index.js, core.js, cli.js  the library, core and CLI (ESM; npm
//                                   packages stay external)
//   dist/lambdas/<name>/index.mjs   each Lambda, bundled as `cdk deploy` does
//   dist/types/                     declarations (tsc), with relative imports
//                                   rewritten to the .js paths Node resolves
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleLambdas } from './lambda-bundles';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const TYPES = join(DIST, 'types');

/** The package's entry points: the export name → its source. */
const ENTRIES = {
  index: 'lib/index.ts',
  core: 'core/index.ts',
  cli: 'cli/main.ts',
};

async function buildLibrary(): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).map(([name, src]) => [name, join(ROOT, src)]),
    ),
    outdir: DIST,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

function buildDeclarations(): void {
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-p', join(ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  for (const file of declarationFiles(TYPES)) {
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, withJsSpecifiers(text, dirname(file)));
  }
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * `'./config'` → `'./config.js'`, `'./providers'` → `'./providers/index.js'`:
 * the sources use extensionless imports (bundler resolution); a consumer on
 * Node16/NodeNext resolution needs the real paths.
 */
function withJsSpecifiers(text: string, dir: string): string {
  return text.replace(
    /(from |import\()(['"])(\.\.?\/[^'"]*)\2/g,
    (whole, lead: string, quote: string, spec: string) => {
      if (existsSync(join(dir, `${spec}.d.ts`)))
        return `${lead}${quote}${spec}.js${quote}`;
      if (existsSync(join(dir, spec, 'index.d.ts')))
        return `${lead}${quote}${spec}/index.js${quote}`;
      return whole;
    },
  );
}

rmSync(DIST, { recursive: true, force: true });
await buildLibrary();
const lambdas = await bundleLambdas(ROOT, join(DIST, 'lambdas'));
buildDeclarations();
console.log(
  `dist/: ${Object.keys(ENTRIES).join(', ')}, types, lambdas (${lambdas.join(', ')})`,
);
