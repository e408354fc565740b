/** A dependency (secrets, replay cache, sink) failed: answer 503, retry. */
export class UnavailableError extends Error {
  constructor(
    readonly step: string,
    options: { cause: unknown },
  ) {
    super(`${step} unavailable`, options);
    this.name = 'UnavailableError';
  }
}

/** Runs a dependency call; any failure becomes an UnavailableError (503). */
export async function attempt<T>(
  step: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new UnavailableError(step, { cause });
  }
}
