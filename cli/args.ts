import { type ParseArgsConfig, parseArgs } from 'node:util';
import { PROVIDERS, type Provider } from '../core/schema';
import { CliUsageError } from './types';

type Options = NonNullable<ParseArgsConfig['options']>;
/** The command-line shape of one command (parseArgs's, minus its switches). */
export type CliArgsConfig = {
  readonly options: Options;
  readonly allowPositionals?: boolean;
};
type Parsed<T extends CliArgsConfig> = ReturnType<
  typeof parseArgs<T & { args: string[]; strict: true }>
>;

// A value like "-5" or "-0.5": a bad number to report, not a missing value.
const NEGATIVE_NUMBER = /^-\.?\d/;

function flag(name: string, options: Options): string {
  return name.length === 1 && !(name in options) ? `-${name}` : `--${name}`;
}

/** The option the user most likely meant: a known one sharing a prefix. */
function suggestion(name: string, options: Options): string {
  const known = Object.keys(options);
  const near = known.find(
    (k) => k.startsWith(name) || (name.length > 3 && name.startsWith(k)),
  );
  return near ? ` (did you mean --${near}?)` : '';
}

/**
 * Parses a command's arguments like node:util parseArgs (strict), but
 * reports problems in mailtrail's own words as CliUsageError: an unknown
 * option (with a suggestion), a missing value, a value given to a switch,
 * an unexpected argument. A negative number after an option is its value
 * (`--events-per-month -5`), left for the command to judge.
 */
export function parseCliArgs<T extends CliArgsConfig>(
  args: readonly string[],
  config: T,
): Parsed<T> {
  const { tokens } = parseArgs({
    args: [...args],
    options: config.options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const rewritten = [...args];
  const dropped = new Set<number>();
  for (const token of tokens) {
    if (token.kind === 'positional' && !config.allowPositionals) {
      throw new CliUsageError(`unexpected argument "${token.value}"`);
    }
    if (token.kind !== 'option') continue;
    const spec = config.options[token.name];
    const name = flag(token.name, config.options);
    if (!spec) {
      throw new CliUsageError(
        `unknown option ${token.rawName}${suggestion(token.name, config.options)}`,
      );
    }
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw new CliUsageError(`${name} takes no value`);
      continue;
    }
    const value = token.value;
    if (value === undefined) throw new CliUsageError(`${name} needs a value`);
    if (!token.inlineValue && value.startsWith('-')) {
      if (!NEGATIVE_NUMBER.test(value)) {
        throw new CliUsageError(`${name} needs a value (got "${value}")`);
      }
      rewritten[token.index] = `${token.rawName}=${value}`;
      dropped.add(token.index + 1);
    }
  }
  return parseArgs({
    ...config,
    args: rewritten.filter((_, i) => !dropped.has(i)),
    strict: true,
  } as T & { args: string[]; strict: true });
}

/** `--provider`, when given, checked against the providers mailtrail knows. */
export function providerOption(
  value: string | undefined,
): Provider | undefined {
  if (value === undefined) return undefined;
  if (!(PROVIDERS as readonly string[]).includes(value)) {
    throw new CliUsageError(
      `unknown provider "${value}" (expected one of: ${PROVIDERS.join(', ')})`,
    );
  }
  return value as Provider;
}
