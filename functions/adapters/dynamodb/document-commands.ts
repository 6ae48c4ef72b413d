import type * as lib from '@aws-sdk/lib-dynamodb';
// Deep imports of the package's ES build, by path: the alias below would rewrite `@aws-sdk/lib-dynamodb/…` too.
// @ts-expect-error the ES build ships no types beside it; each export is typed as the package's own below
import { BatchGetCommand as BatchGet } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/BatchGetCommand.js';
// @ts-expect-error as above
import { BatchWriteCommand as BatchWrite } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/BatchWriteCommand.js';
// @ts-expect-error as above
import { DeleteCommand as Delete } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/DeleteCommand.js';
// @ts-expect-error as above
import { GetCommand as Get } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/GetCommand.js';
// @ts-expect-error as above
import { PutCommand as Put } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/PutCommand.js';
// @ts-expect-error as above
import { QueryCommand as Query } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/QueryCommand.js';
// @ts-expect-error as above
import { ScanCommand as Scan } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/ScanCommand.js';
// @ts-expect-error as above
import { TransactGetCommand as TransactGet } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/TransactGetCommand.js';
// @ts-expect-error as above
import { TransactWriteCommand as TransactWrite } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/TransactWriteCommand.js';
// @ts-expect-error as above
import { UpdateCommand as Update } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/UpdateCommand.js';
// @ts-expect-error as above
import { DynamoDBDocumentClient as DocumentClient } from '../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocumentClient.js';

/**
 * Stands in for `@aws-sdk/lib-dynamodb` in Lambda bundles only (an esbuild alias in
 * infra/constructs/lambda-bundling.ts). ElectroDB `require`s the whole package, and a `require` keeps every
 * export: the aggregated `DynamoDB`/`DynamoDBDocument` clients, paginators and so all ~60 DynamoDB commands
 * with their schemas and event-stream serde, parsed and run at every cold start. Our code and ElectroDB
 * use the document client and the ten commands below (ElectroDB: `client.js`, `new this.lib.<X>Command`;
 * test/infra/bundles.test.ts sends every ElectroDB operation through it). Something else our code imports
 * from the package fails the bundle's build until it is added here. Source runs keep the package.
 */
export const DynamoDBDocumentClient: typeof lib.DynamoDBDocumentClient = DocumentClient;
export const BatchGetCommand: typeof lib.BatchGetCommand = BatchGet;
export const BatchWriteCommand: typeof lib.BatchWriteCommand = BatchWrite;
export const DeleteCommand: typeof lib.DeleteCommand = Delete;
export const GetCommand: typeof lib.GetCommand = Get;
export const PutCommand: typeof lib.PutCommand = Put;
export const QueryCommand: typeof lib.QueryCommand = Query;
export const ScanCommand: typeof lib.ScanCommand = Scan;
export const TransactGetCommand: typeof lib.TransactGetCommand = TransactGet;
export const TransactWriteCommand: typeof lib.TransactWriteCommand = TransactWrite;
export const UpdateCommand: typeof lib.UpdateCommand = Update;
