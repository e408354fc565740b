/**
 * Runs `fn` with process.stdout counting bytes instead of printing them:
 * the Lambdas' Embedded Metric Format lines (Powertools Metrics writes them
 * to stdout, where Lambda sends them to CloudWatch Logs) are produced as in
 * a Lambda, measured, and kept out of the bench's report.
 */
export async function countingStdout<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; bytes: number }> {
  const write = process.stdout.write;
  let bytes = 0;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    bytes +=
      typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    const done = rest.find((r) => typeof r === 'function') as
      | (() => void)
      | undefined;
    done?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    const value = await fn();
    return { value, bytes };
  } finally {
    process.stdout.write = write;
  }
}
