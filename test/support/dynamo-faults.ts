import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * Fault injection into every document client of this test file (the handlers' own included): each
 * command goes on to DynamoDB Local unless a test says otherwise for it. `passOn` sends one command
 * as the unmocked client would, for fakes that delay or fail only some calls.
 */
export function dynamoFaults() {
  const send = DynamoDBDocumentClient.prototype.send;
  const mock = mockClient(DynamoDBDocumentClient);
  mock.send.callThrough();
  const passOn = (command: unknown, client: unknown) => (send as (this: unknown, c: unknown) => Promise<unknown>).call(client, command);
  return { mock, passOn };
}
