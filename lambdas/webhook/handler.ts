import { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { handleWebhook } from '../../app/webhook/ingest';
import { NOT_FOUND, toApiGatewayResult, toWebhookRequest } from './api-gateway';
import { createWebhookDeps } from './deps';

// The event is never logged: its path holds the blastengine token and its
// body may hold CMC's api_key.
const logger = new Logger({ serviceName: 'mailtrail-webhook' });
const deps = createWebhookDeps(logger);

/**
 * POST /webhooks/{mailgun|blastengine/{token}|cmc} from the HTTP API: one
 * routed function serves all three providers (app/webhook/ingest).
 */
export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  logger.addContext(context);
  logger.appendKeys({ apiRequestId: event.requestContext.requestId });
  const req = toWebhookRequest(event);
  if (req === undefined) return toApiGatewayResult(NOT_FOUND);
  return toApiGatewayResult(await handleWebhook(req, deps));
}
