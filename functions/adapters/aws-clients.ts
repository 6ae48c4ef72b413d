import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from '../config.ts';

/** Emulators accept any credentials; DynamoDB Local needs an alphanumeric key id. */
const localCredentials = (id: string) => ({ accessKeyId: id, secretAccessKey: id });

/** The plain client (HTTP idempotency builds its own document client on it) and the document client over it (ElectroDB). */
export function dynamoClients(config: RuntimeConfig): { raw: DynamoDBClient; document: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint, credentials: localCredentials('local') } : {}),
  });
  return { raw: client, document: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

export function s3Client(config: RuntimeConfig): S3Client {
  if (!config.s3Endpoint) return new S3Client({ region: config.region });
  // s3rver stores aws-chunked framing as the object unless checksums are only sent when required.
  return new S3Client({
    region: 'us-east-1',
    endpoint: config.s3Endpoint,
    forcePathStyle: true,
    credentials: localCredentials('S3RVER'),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function sesClient(config: RuntimeConfig): SESv2Client {
  return new SESv2Client({
    region: config.region,
    ...(config.sesEndpoint ? { endpoint: config.sesEndpoint, credentials: localCredentials('local') } : {}),
  });
}
