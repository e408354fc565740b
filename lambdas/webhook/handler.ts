import { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { NOT_FOUND, toApiGatewayResult, toWebhookRequest } from './api-gateway';
import { createWebhookDeps } from './deps';
import { handleWebhook } from './ingest';

// The event is never logged: its path holds the blastengine token and its
// body may hold CMC's api_key.
const logger = new Logger({ serviceName: 'mailtrail-webhook' });
const deps = createWebhookDeps({
  warn: (message, fields) => logger.warn(message, fields),
  error: (message, fields) => logger.error(message, fields),
});

/**
 * POST /webhooks/{mailgun|blastengine/{token}|cmc} from the HTTP API. One
 * routed function serves all three providers: one bundle, warm more often,
 * and ingest.ts is table-driven, so the route only names the provider.
 */
export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const req = toWebhookRequest(event);
  if (req === undefined) return toApiGatewayResult(NOT_FOUND);
  return toApiGatewayResult(await handleWebhook(req, deps));
}
