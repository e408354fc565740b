import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/fixtures';

const LAMBDAS = join(REPO_ROOT, 'lambdas');

/** Lines of code: blank lines and comment lines are not counted. */
function codeLines(text: string): number {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) =>
        line !== '' &&
        !line.startsWith('//') &&
        !line.startsWith('/*') &&
        !line.startsWith('*'),
    ).length;
}

const handlers = readdirSync(LAMBDAS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'wiring')
  .map((d) => d.name);

describe('Lambda entry points only wire', () => {
  it('finds the handlers', () => {
    expect(handlers.length).toBeGreaterThanOrEqual(8);
  });

  it.each(handlers)(
    'lambdas/%s/handler.ts is under 40 lines of code',
    (name) => {
      const text = readFileSync(join(LAMBDAS, name, 'handler.ts'), 'utf8');
      expect(codeLines(text)).toBeLessThan(40);
    },
  );

  it('counts code lines, not comments or blanks', () => {
    expect(codeLines('// a\n\n/**\n * b\n */\nconst x = 1;\n')).toBe(1);
  });
});
