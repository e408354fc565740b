import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root. */
export const REPO_ROOT = resolve(here, '..', '..');
/** ../shared/fixtures: the provider payloads every developer and CI has. */
export const SHARED_FIXTURES = resolve(REPO_ROOT, '..', 'shared', 'fixtures');
/** test/fixtures: our own edge-case payloads. */
export const OWN_FIXTURES = resolve(REPO_ROOT, 'test', 'fixtures');

function locate(provider: string, file: string): string {
  const own = join(OWN_FIXTURES, provider, file);
  try {
    readFileSync(own);
    return own;
  } catch {
    return join(SHARED_FIXTURES, provider, file);
  }
}

/** Reads a fixture as text: test/fixtures first, then ../shared/fixtures. */
export function loadFixtureText(provider: string, file: string): string {
  return readFileSync(locate(provider, file), 'utf8');
}

/** Parses a JSON fixture; returns a fresh object on every call. */
export function loadFixture<T = unknown>(provider: string, file: string): T {
  const name = file.includes('.') ? file : `${file}.json`;
  return JSON.parse(loadFixtureText(provider, name)) as T;
}

/**
 * Fixture file names of a provider matching `pattern`, from test/fixtures and
 * ../shared/fixtures together, sorted; for it.each over every fixture.
 */
export function listFixtures(provider: string, pattern: RegExp): string[] {
  const names = new Set<string>();
  for (const root of [OWN_FIXTURES, SHARED_FIXTURES]) {
    let files: string[] = [];
    try {
      files = readdirSync(join(root, provider));
    } catch {
      // A provider without own fixtures has no folder.
    }
    for (const f of files) if (pattern.test(f)) names.add(f);
  }
  return [...names].sort();
}
