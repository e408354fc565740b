/**
 * `build` run on first use and kept for the cold start; a failed build (a
 * secret that could not be read) is forgotten, so the next call tries again.
 * @example const key = keptForColdStart(() => readKey()); await key();
 */
export function keptForColdStart<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
