import {
  InvalidAddressError,
  normalizeAddress,
  suppressionKey,
} from '../../core/suppressions/address';
import { suppressionStatus } from '../../core/suppressions/status';
import type { SuppressionStore } from './store';

/** The answer of `GET /suppressions/{address}`, as `suppressions check` prints it. */
export interface SuppressionCheck {
  readonly address: string;
  readonly suppressed: boolean;
  readonly reason: string | null;
  readonly provider: string | null;
  readonly since: string | null;
}

/** An HTTP answer, independent of API Gateway. */
export interface CheckResponse {
  readonly statusCode: number;
  readonly body: string;
}

const json = (statusCode: number, body: unknown): CheckResponse => ({
  statusCode,
  body: JSON.stringify(body),
});

/** A path parameter, percent-decoded when it is encoded (`%40` for `@`). */
function decodedPathParameter(raw: string): string {
  try {
    return raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return raw;
  }
}

/**
 * `GET /suppressions/{address}` with the raw path parameter (percent-encoded
 * or not; a bad escape is an invalid address): 400 for an invalid address (never looked
 * up), 200 with the CLI `check` object, 503 when the table cannot be read.
 * @example await checkSuppression('Ada@Example.com', { store })
 */
export async function checkSuppression(
  input: string,
  deps: { readonly store: SuppressionStore; readonly hmacKey?: string },
): Promise<CheckResponse> {
  let address: string;
  try {
    address = normalizeAddress(decodedPathParameter(input));
  } catch (err) {
    if (!(err instanceof InvalidAddressError)) throw err;
    return json(400, { error: `invalid address: ${err.message}` });
  }
  const key = suppressionKey(address, { hmacKey: deps.hmacKey });
  let entry: Awaited<ReturnType<SuppressionStore['get']>>;
  try {
    entry = await deps.store.get(key);
  } catch {
    return json(503, { error: 'suppression list unavailable; retry later' });
  }
  const { suppressed, reason, provider, since } = suppressionStatus(entry, key);
  return json(200, { address, suppressed, reason, provider, since });
}
