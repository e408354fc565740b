import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  providerOf,
  toWebhookRequest,
} from '../../../lambdas/webhook/api-gateway';

function event(over: Partial<APIGatewayProxyEventV2>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    requestContext: {
      requestId: 'r-9',
      http: { method: 'POST', path: '/', sourceIp: '192.0.2.4' },
    },
    isBase64Encoded: false,
    ...over,
  } as unknown as APIGatewayProxyEventV2;
}

describe('providerOf', () => {
  it.each([
    [
      'a {provider} path parameter',
      { pathParameters: { provider: 'cmc' } },
      'cmc',
    ],
    [
      'the route key',
      { routeKey: 'POST /webhooks/blastengine/{token}' },
      'blastengine',
    ],
    ['the raw path', { rawPath: '/webhooks/mailgun' }, 'mailgun'],
  ])('reads the provider from %s', (_, over, expected) => {
    // Act
    const provider = providerOf(event(over));
    // Assert
    expect(provider).toBe(expected);
  });
});

describe('toWebhookRequest', () => {
  it('maps a base64 event with mixed-case headers', () => {
    // Arrange
    const e = event({
      routeKey: 'POST /webhooks/blastengine/{token}',
      pathParameters: { token: 't0k' },
      headers: { 'Content-Type': 'application/json', 'X-Empty': undefined },
      body: 'e30=',
      isBase64Encoded: true,
    });
    // Act
    const req = toWebhookRequest(e);
    // Assert
    expect(req).toStrictEqual({
      provider: 'blastengine',
      pathToken: 't0k',
      headers: { 'content-type': 'application/json' },
      body: 'e30=',
      isBase64Encoded: true,
      sourceIp: '192.0.2.4',
      requestId: 'r-9',
    });
  });

  it('returns undefined for a path naming no webhook provider', () => {
    // Act
    const req = toWebhookRequest(
      event({ rawPath: '/webhooks/ses', headers: undefined }),
    );
    // Assert
    expect(req).toBeUndefined();
  });

  it('treats a missing body as empty', () => {
    // Act
    const req = toWebhookRequest(event({ rawPath: '/webhooks/cmc' }));
    // Assert
    expect(req?.body).toBe('');
  });
});
