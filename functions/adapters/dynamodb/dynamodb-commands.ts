import type * as sdk from '@aws-sdk/client-dynamodb';
// Deep imports of the package's ES build, by path: the alias below would rewrite `@aws-sdk/client-dynamodb/…` too.
// @ts-expect-error the ES build ships no types beside it; each export is typed as the package's own below
import { DynamoDBClient as Client } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/DynamoDBClient.js';
// @ts-expect-error as above
import { BatchGetItemCommand as BatchGetItem } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/BatchGetItemCommand.js';
// @ts-expect-error as above
import { BatchWriteItemCommand as BatchWriteItem } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/BatchWriteItemCommand.js';
// @ts-expect-error as above
import { DeleteItemCommand as DeleteItem } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/DeleteItemCommand.js';
// @ts-expect-error as above
import { GetItemCommand as GetItem } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/GetItemCommand.js';
// @ts-expect-error as above
import { PutItemCommand as PutItem } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/PutItemCommand.js';
// @ts-expect-error as above
import { QueryCommand as Query } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/QueryCommand.js';
// @ts-expect-error as above
import { ScanCommand as Scan } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/ScanCommand.js';
// @ts-expect-error as above
import { TransactGetItemsCommand as TransactGetItems } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/TransactGetItemsCommand.js';
// @ts-expect-error as above
import { TransactWriteItemsCommand as TransactWriteItems } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/TransactWriteItemsCommand.js';
// @ts-expect-error as above
import { UpdateItemCommand as UpdateItem } from '../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/UpdateItemCommand.js';

/**
 * Stands in for `@aws-sdk/client-dynamodb` in Lambda bundles only (an esbuild alias in
 * infra/constructs/lambda-bundling.ts), beside document-commands.ts: the client and the item commands
 * the document client's commands wrap, instead of the package index (every command, waiter and paginator,
 * which esbuild cannot leave out once ElectroDB's `require` reaches the SDK). A bundle that imports
 * anything else from the package fails to build ("No matching export"): add it here, from its file in
 * dist-es, typed as the package's own. Source runs keep the package.
 */
export const DynamoDBClient: typeof sdk.DynamoDBClient = Client;
export const BatchGetItemCommand: typeof sdk.BatchGetItemCommand = BatchGetItem;
export const BatchWriteItemCommand: typeof sdk.BatchWriteItemCommand = BatchWriteItem;
export const DeleteItemCommand: typeof sdk.DeleteItemCommand = DeleteItem;
export const GetItemCommand: typeof sdk.GetItemCommand = GetItem;
export const PutItemCommand: typeof sdk.PutItemCommand = PutItem;
export const QueryCommand: typeof sdk.QueryCommand = Query;
export const ScanCommand: typeof sdk.ScanCommand = Scan;
export const TransactGetItemsCommand: typeof sdk.TransactGetItemsCommand = TransactGetItems;
export const TransactWriteItemsCommand: typeof sdk.TransactWriteItemsCommand = TransactWriteItems;
export const UpdateItemCommand: typeof sdk.UpdateItemCommand = UpdateItem;
