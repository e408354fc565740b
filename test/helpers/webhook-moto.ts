import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { motoConfig } from './moto';
import { MAILGUN_KEY } from './webhook';

/** An HTTP API (payload v2) POST /webhooks/mailgun event with a JSON body. */
export function mailgunApiEvent(
  body: unknown,
  requestId: string,
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/mailgun',
    rawPath: '/webhooks/mailgun',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      requestId,
      http: {
        method: 'POST',
        path: '/webhooks/mailgun',
        sourceIp: '198.51.100.1',
      },
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

/** Creates the Mailgun signing-key secret and the replay table in moto. */
export async function createWebhookBackends(
  endpoint: string,
  names: { readonly secret: string; readonly table: string },
): Promise<void> {
  await new SecretsManagerClient(motoConfig(endpoint)).send(
    new CreateSecretCommand({ Name: names.secret, SecretString: MAILGUN_KEY }),
  );
  await new DynamoDBClient(motoConfig(endpoint)).send(
    new CreateTableCommand({
      TableName: names.table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}
