import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const DEPCRUISE = join(
  ROOT,
  'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
);

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** Runs the project's boundary check in `cwd`; returns its violations. */
async function cruise(cwd: string, dirs: string[]): Promise<Violation[]> {
  const { stdout } = await run(
    process.execPath,
    [
      DEPCRUISE,
      '--config',
      join(ROOT, '.dependency-cruiser.cjs'),
      '--output-type',
      'json',
      ...dirs,
    ],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout).summary.violations;
}

/** A throwaway repository laid out like this one, with the given files. */
async function fakeRepo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mailtrail-layers-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  await copyFile(
    join(ROOT, '.dependency-cruiser.cjs'),
    join(dir, '.dependency-cruiser.cjs'),
  );
  return dir;
}

describe('import boundaries (.dependency-cruiser.cjs)', () => {
  let repo: string;
  let violations: Violation[];

  beforeAll(async () => {
    repo = await fakeRepo({
      'core/pure.ts':
        "import { x } from '../app/use-case';\nexport const y = x;\n",
      'app/use-case.ts':
        "import { z } from '../adapters/aws/sink';\nexport const x = z;\n",
      'adapters/aws/sink.ts': 'export const z = 1;\n',
      'lib/construct.ts':
        "import { h } from '../lambdas/x/handler';\nexport const c = h;\n",
      'lambdas/x/handler.ts':
        "import { x } from '../../app/use-case';\nexport const h = x;\n",
      'cli/command.ts':
        "import { h } from '../lambdas/x/handler';\nexport const k = h;\n",
      'app/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'app/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    violations = await cruise(repo, [
      'core',
      'app',
      'adapters',
      'lib',
      'lambdas',
      'cli',
    ]);
  }, 60_000);

  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  const found = (rule: string, from: string, to: string): boolean =>
    violations.some(
      (v) => v.rule.name === rule && v.from === from && v.to === to,
    );

  it('reports core importing the application layer', () => {
    expect(found('core-is-pure', 'core/pure.ts', 'app/use-case.ts')).toBe(true);
  });

  it('reports the application layer importing an adapter', () => {
    expect(
      found('app-on-core', 'app/use-case.ts', 'adapters/aws/sink.ts'),
    ).toBe(true);
  });

  it('reports constructs and the CLI reaching into lambdas/', () => {
    expect(
      found(
        'lib-knows-the-contract',
        'lib/construct.ts',
        'lambdas/x/handler.ts',
      ),
    ).toBe(true);
    expect(found('cli-wires', 'cli/command.ts', 'lambdas/x/handler.ts')).toBe(
      true,
    );
  });

  it('reports an import cycle', () => {
    expect(violations.some((v) => v.rule.name === 'no-circular')).toBe(true);
  });

  it('allows what the layers permit (a Lambda wiring app/)', () => {
    expect(violations.map((v) => v.from)).not.toContain('lambdas/x/handler.ts');
  });

  it('finds no violation in this repository', async () => {
    const own = await cruise(ROOT, [
      'core',
      'contract',
      'app',
      'adapters',
      'lambdas',
      'lib',
      'cli',
      'bench',
    ]);
    expect(own).toStrictEqual([]);
  }, 60_000);
});
