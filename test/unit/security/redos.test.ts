import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/fixtures';

// recheck and swc are CommonJS; swc parses TypeScript so every regular
// expression is found as the compiler sees it, not by a regex over source.
const require = createRequire(import.meta.url);
const { checkSync } = require('recheck') as typeof import('recheck');
const { parseSync } = require('@swc/core') as typeof import('@swc/core');

/** Folders whose code may meet untrusted input (those that exist). */
const FOLDERS = ['core', 'lambdas', 'cli', 'app', 'adapters', 'contract'];

interface Found {
  readonly file: string;
  readonly pattern: string | null;
  readonly flags: string;
}

function sourceFiles(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const isRegExpCallee = (node: Record<string, unknown>): boolean => {
  const callee = node.callee as { type?: string; value?: string } | undefined;
  return callee?.type === 'Identifier' && callee.value === 'RegExp';
};

/** The string value of a literal argument, else null (not checkable). */
function literal(arg: unknown): string | null {
  const expr = (arg as { expression?: { type?: string; value?: unknown } })
    ?.expression;
  if (expr?.type === 'StringLiteral' && typeof expr.value === 'string') {
    return expr.value;
  }
  const tpl = expr as {
    type?: string;
    expressions?: unknown[];
    quasis?: { cooked?: string }[];
  };
  if (tpl?.type === 'TemplateLiteral' && tpl.expressions?.length === 0) {
    return tpl.quasis?.[0]?.cooked ?? null;
  }
  return null;
}

/** Every regex literal and RegExp(...) construction in one parsed file. */
function regexesIn(file: string): Found[] {
  const ast = parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript' });
  const found: Found[] = [];
  const name = relative(REPO_ROOT, file);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === 'RegExpLiteral') {
      found.push({
        file: name,
        pattern: String(n.pattern),
        flags: String(n.flags),
      });
    } else if (
      (n.type === 'NewExpression' || n.type === 'CallExpression') &&
      isRegExpCallee(n)
    ) {
      const args = (n.arguments as unknown[] | undefined) ?? [];
      found.push({
        file: name,
        pattern: literal(args[0]),
        flags: args[1] === undefined ? '' : (literal(args[1]) ?? '?'),
      });
    }
    for (const value of Object.values(n)) visit(value);
  };
  visit(ast);
  return found;
}

const FOUND = FOLDERS.flatMap((f) => sourceFiles(join(REPO_ROOT, f))).flatMap(
  regexesIn,
);

describe('no regular expression in the request path can backtrack badly', () => {
  it('finds the regular expressions to check (the scan works)', () => {
    expect(FOUND.length).toBeGreaterThan(20);
    expect(FOUND.some((f) => f.file === join('core', 'schema.ts'))).toBe(true);
  });

  it('finds only literal patterns, which can be checked', () => {
    const dynamic = FOUND.filter((f) => f.pattern === null || f.flags === '?');
    expect(dynamic.map((f) => f.file)).toStrictEqual([]);
  });

  it('would have caught the patterns issue 11 found', () => {
    // The SMTP host blanking and SES type camel-casing before the fix.
    const old = [String.raw`\[[^\]]*\]|:\d+`, String.raw`\s+(\w)`];
    expect(old.map((p) => checkSync(p, 'g').status)).toStrictEqual([
      'vulnerable',
      'vulnerable',
    ]);
  });

  it('rates every one safe with recheck', { timeout: 300_000 }, () => {
    const unsafe = FOUND.filter((f) => f.pattern !== null)
      .map((f) => ({
        ...f,
        status: checkSync(f.pattern!, f.flags, { timeout: 10_000 }).status,
      }))
      .filter((f) => f.status !== 'safe')
      .map((f) => `${f.file}: /${f.pattern}/${f.flags} is ${f.status}`);
    expect(unsafe).toStrictEqual([]);
  });
});
