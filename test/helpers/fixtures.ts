import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
);
/** test/fixtures/<provider>/: provider payloads in wire shape (see its README). */
export const FIXTURES = resolve(REPO_ROOT, 'test', 'fixtures');

/** Path of a fixture file. */
export const fixturePath = (provider: string, file: string): string =>
  join(FIXTURES, provider, file);

/** Reads a fixture as text. */
export function loadFixtureText(provider: string, file: string): string {
  return readFileSync(fixturePath(provider, file), 'utf8');
}

/** Parses a JSON fixture; returns a fresh object on every call. */
export function loadFixture<T = unknown>(provider: string, file: string): T {
  const name = file.includes('.') ? file : `${file}.json`;
  return JSON.parse(loadFixtureText(provider, name)) as T;
}

/** Fixture file names of a provider matching `pattern`, sorted; for it.each. */
export function listFixtures(provider: string, pattern: RegExp): string[] {
  return readdirSync(join(FIXTURES, provider))
    .filter((f) => pattern.test(f))
    .sort();
}
