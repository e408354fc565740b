import { PipelineError } from '../errors';

/** Whether a configured credential component can authenticate anything. */
const usable = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/**
 * The configured credentials of a verifier, checked to fail closed: an
 * empty, whitespace-only or non-string component would let a guessable value
 * (or nothing) authenticate, so it is a `config` PipelineError (the webhook
 * answers 500 and the provider retries once it is fixed), as is having none.
 * @example requireCredentials(['k1'], 'CMC API key') // ['k1']
 */
export function requireCredentials(
  values: readonly unknown[],
  what: string,
): string[] {
  const bad = values.findIndex((v) => !usable(v));
  if (bad >= 0) {
    throw new PipelineError(
      `${what} #${bad + 1} is empty, blank or not a string; fix the secret`,
      'config',
    );
  }
  return values as string[];
}
