/**
 * Network failures in the CLI's words, naming the host, and the HTTP seams
 * `mailtrail backfill` gives the archive client: a line on stderr before
 * every retry instead of silent waiting.
 */

interface NetError {
  name?: string;
  code?: string;
  message?: string;
  cause?: { code?: string; errors?: { code?: string }[]; message?: string };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** True when `err` is a failure to reach a host (not an answer from it). */
export function isNetworkError(err: unknown): boolean {
  const e = err as NetError | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'TimeoutError') return true;
  return [e.code, e.cause?.code].some((c) => c && NETWORK_CODES.has(c));
}

/** Why a request never got an answer, naming the host: `cannot reach h: ECONNREFUSED`. */
export function unreachable(host: string, err: unknown): string {
  const e = err as NetError;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return `no answer from ${host} in time`;
  }
  const why =
    e.code ??
    e.cause?.code ??
    e.cause?.errors?.find((x) => x.code)?.code ??
    e.cause?.message ??
    e.message ??
    String(err);
  return `cannot reach ${host}: ${why}`;
}

const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fetch that rethrows network failures as {@link unreachable} errors and
 * remembers the last failure, and a sleep that reports it with the wait.
 * @example runArchive(job, { ...dest, httpOptions: reportingHttp(io.stderr) })
 */
export function reportingHttp(
  stderr: NodeJS.WritableStream,
  base: typeof fetch = (...args) => globalThis.fetch(...args),
  sleep: (ms: number) => Promise<void> = wait,
): { fetch: typeof fetch; sleep: (ms: number) => Promise<void> } {
  let last = 'the last request failed';
  let attempt = 1;
  return {
    async fetch(input, init) {
      const url = String(input instanceof Request ? input.url : input);
      try {
        const res = await base(input, init);
        if (res.status === 429 || res.status >= 500) {
          last = `${new URL(url).host} answered HTTP ${res.status}`;
        } else {
          attempt = 1;
        }
        return res;
      } catch (err) {
        last = unreachable(new URL(url).host, err);
        throw new Error(last, { cause: err });
      }
    },
    async sleep(ms) {
      attempt += 1;
      stderr.write(
        `${last}; retrying in ${(ms / 1000).toFixed(1)} s (attempt ${attempt})\n`,
      );
      await sleep(ms);
    },
  };
}
