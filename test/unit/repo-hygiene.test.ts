import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures';

// Built from parts so this file does not match itself.
const SHARED = `..${'/'}shared`;
const FORBIDDEN = [
  `shared${'/'}fixtures`,
  `PROVIDERS${'.'}md`,
  `DESIGN${'.'}md`,
];

const abs = (file: string): string => resolve(REPO_ROOT, file);

/** Every file git tracks, relative to the repository root. */
function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT });
  return out.toString('utf8').split('\0').filter(Boolean);
}

/**
 * What a file says about material outside the repository: forbidden names,
 * and parent-relative `shared` paths that do not resolve to a folder of the repository
 * (lambdas/ has its own `shared/`).
 */
function outsideReferences(
  file: string,
  text: string,
  exists: (path: string) => boolean = existsSync,
): string[] {
  const found = FORBIDDEN.filter((name) => text.includes(name));
  let at = text.indexOf(SHARED);
  while (at !== -1) {
    const target = resolve(REPO_ROOT, dirname(file), SHARED);
    const inside = !relative(REPO_ROOT, target).startsWith('..');
    if (!inside || !exists(target)) found.push(SHARED);
    at = text.indexOf(SHARED, at + 1);
  }
  return [...new Set(found)];
}

describe('repository hygiene', () => {
  it('refers to nothing outside the repository', () => {
    // Act
    const offenders = trackedFiles()
      .filter((f) => f !== 'package-lock.json' && existsSync(abs(f)))
      .flatMap((f) => {
        const refs = outsideReferences(f, readFileSync(abs(f), 'utf8'));
        return refs.map((r) => `${f}: ${r}`);
      });
    // Assert
    expect(offenders).toStrictEqual([]);
  });

  it.each([
    ['README.md', `see ${SHARED}/fixtures/x.json`],
    ['docs/a.md', `from ${FORBIDDEN[1]} §2`],
    ['core/a.ts', `// ${FORBIDDEN[2]} "Privacy"`],
    ['docs/a.md', `F=${SHARED}`],
  ])('flags %s saying %j', (file, text) => {
    // Act / Assert
    expect(outsideReferences(file, text)).not.toStrictEqual([]);
  });

  it('accepts a parent-relative shared path to a folder of the repository', () => {
    // Act: lambdas/webhook/ → lambdas/shared, inside the repository.
    const refs = outsideReferences(
      'lambdas/webhook/deps.ts',
      `import { ENV } from '${SHARED}/env';`,
      () => true,
    );
    // Assert
    expect(refs).toStrictEqual([]);
  });
});
