import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { respond } from '../../app/webhook/responses';
import type { WebhookRequest, WebhookResponse } from '../../app/webhook/types';
import {
  WEBHOOK_PROVIDERS,
  type WebhookProvider,
} from '../../contract/webhook-providers';

const PROVIDER_IN_PATH = /\/webhooks\/([a-z]+)(?:\/|$)/;

const isWebhookProvider = (
  value: string | undefined,
): value is WebhookProvider =>
  (WEBHOOK_PROVIDERS as readonly (string | undefined)[]).includes(value);

/**
 * The provider a call is for: a `{provider}` path parameter, else the route
 * key (`POST /webhooks/mailgun`), else the raw path.
 */
export function providerOf(event: APIGatewayProxyEventV2): string | undefined {
  return (
    event.pathParameters?.provider ??
    PROVIDER_IN_PATH.exec(event.routeKey)?.[1] ??
    PROVIDER_IN_PATH.exec(event.rawPath)?.[1]
  );
}

/**
 * Maps an HTTP API (payload v2) event to a WebhookRequest, or undefined for
 * a path that names no webhook provider. The blastengine token comes from
 * the `{token}` path parameter; it is never logged.
 */
export function toWebhookRequest(
  event: APIGatewayProxyEventV2,
): WebhookRequest | undefined {
  const provider = providerOf(event);
  if (!isWebhookProvider(provider)) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return {
    provider,
    pathToken: event.pathParameters?.token,
    headers,
    body: event.body ?? '',
    isBase64Encoded: event.isBase64Encoded,
    sourceIp: event.requestContext.http.sourceIp,
    requestId: event.requestContext.requestId,
  };
}

/** The response for a path that names no webhook provider. */
export const NOT_FOUND: WebhookResponse = respond(404, {
  error: 'unknown webhook provider',
  reason: 'not-found',
});

/** A WebhookResponse as the HTTP API expects it. */
export function toApiGatewayResult(
  res: WebhookResponse,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: res.statusCode,
    headers: { ...res.headers },
    body: res.body,
    isBase64Encoded: false,
  };
}
