/** Reads a required environment variable or throws naming it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`environment variable ${name} is not set`);
  }
  return value;
}

/** Reads an optional environment variable; '' counts as unset. */
export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A comma-separated optional environment variable as a list; blanks dropped. */
export function listEnv(name: string): string[] {
  return (optionalEnv(name) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
