import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientConfig } from '../../adapters/aws/client-config';

/** DynamoDB client for the webhook replay cache (module scope: reused). */
export const dynamoDb = new DynamoDBClient(clientConfig());
