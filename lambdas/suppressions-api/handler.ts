import { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { checkSuppression } from '../../app/suppressions/check';
import { ENV } from '../../contract/env';
import { keptForColdStart } from '../wiring/cold-start';
import { readPrivacyKeyFromEnv } from '../wiring/privacy-key';
import { suppressionStoreFromEnv } from '../wiring/suppressions';

// The event is never logged: its path holds the address asked about.
const logger = new Logger({ serviceName: 'mailtrail-suppressions-api' });
const store = suppressionStoreFromEnv();
const privacyKey = keptForColdStart(readPrivacyKeyFromEnv);

/**
 * GET /suppressions/{address} (IAM-authorized): the `suppressions check`
 * object of one address (app/suppressions/check).
 */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  logger.addContext(context);
  if (!store) throw new Error(`${ENV.SUPPRESSIONS_TABLE} is not set`);
  const res = await checkSuppression(event.pathParameters?.address ?? '', {
    store,
    hmacKey: await privacyKey(),
  });
  return {
    statusCode: res.statusCode,
    headers: { 'content-type': 'application/json' },
    body: res.body,
  };
}
