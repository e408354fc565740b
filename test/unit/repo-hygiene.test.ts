import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures';

// Built from parts so this file does not match itself.
const SHARED = `..${'/'}shared`;
const FORBIDDEN = [
  `shared${'/'}fixtures`,
  `PROVIDERS${'.'}md`,
  `DESIGN${'.'}md`,
  `STYLE${'.'}md`,
  `TOOLCHAIN${'.'}md`,
];

const abs = (file: string): string => resolve(REPO_ROOT, file);

/** Every file git tracks, relative to the repository root. */
function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT });
  return out.toString('utf8').split('\0').filter(Boolean);
}

/** What a file says about material outside the repository. */
function outsideReferences(text: string): string[] {
  return [SHARED, ...FORBIDDEN].filter((name) => text.includes(name));
}

describe('repository hygiene', () => {
  it('refers to nothing outside the repository', () => {
    // Act
    const offenders = trackedFiles()
      .filter((f) => f !== 'package-lock.json' && existsSync(abs(f)))
      .flatMap((f) => {
        const refs = outsideReferences(readFileSync(abs(f), 'utf8'));
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
    ['lib/a.ts', `// see ${FORBIDDEN[3]} rule 14`],
    ['lib/b.ts', `// works here (${FORBIDDEN[4]})`],
  ])('flags %s saying %j', (_file, text) => {
    // Act / Assert
    expect(outsideReferences(text)).not.toStrictEqual([]);
  });
});
