import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { readSecretString } from '../../adapters/aws/secret-string';
import { checkSuppression } from '../../app/suppressions/check';
import { ENV } from '../../contract/env';
import { optionalEnv } from '../wiring/env';
import { secretsManager } from '../wiring/secrets-manager-client';
import { suppressionStoreFromEnv } from '../wiring/suppressions';

const store = suppressionStoreFromEnv();
let hmacKey: Promise<string | undefined> | undefined;

function key(): Promise<string | undefined> {
  const secretId = optionalEnv(ENV.PRIVACY_KEY_SECRET);
  hmacKey ??= secretId
    ? readSecretString(secretsManager, secretId).catch((err: unknown) => {
        hmacKey = undefined;
        throw err;
      })
    : Promise.resolve(undefined);
  return hmacKey;
}

/** The path parameter, percent-decoded when it is encoded (`%40` for `@`). */
function pathAddress(event: APIGatewayProxyEventV2): string {
  const raw = event.pathParameters?.address ?? '';
  try {
    return raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return raw;
  }
}

/**
 * GET /suppressions/{address} (IAM-authorized): the `suppressions check`
 * object of one address (app/suppressions/check).
 */
export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (!store) throw new Error(`${ENV.SUPPRESSIONS_TABLE} is not set`);
  const res = await checkSuppression(pathAddress(event), {
    store,
    hmacKey: await key(),
  });
  return {
    statusCode: res.statusCode,
    headers: { 'content-type': 'application/json' },
    body: res.body,
  };
}
