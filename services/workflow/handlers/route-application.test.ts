import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotFound, ValidationError } from '#shared/errors';
import { aStandardLandApplication } from '#test/support/workflow';
import { lambdaContext } from '#test/support/task-handlers';

vi.hoisted(() => {
  process.env.TABLE_NAME = 'table';
  process.env.AWS_REGION = 'cn-north-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
const { handler } = await import('./route-application.ts');

const ddb = mockClient(DynamoDBDocumentClient);
afterEach(() => ddb.reset());

describe('route-application handler', () => {
  it('answers the track and which permits go by commitment, writing nothing', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: aStandardLandApplication({ applicationId: 'app-1' }) });
    // A filed application's intake steps, where an acceptance may wait (none here).
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    const first = await handler({ applicationId: 'app-1' }, lambdaContext());
    const replay = await handler({ applicationId: 'app-1' }, lambdaContext());

    // Assess
    expect(first).toEqual({
      track: 'standard-land',
      permits: [
        { permitType: 'land-use-planning', department: 'natural-resources', byCommitment: true },
        { permitType: 'construction', department: 'housing-construction', byCommitment: true },
        { permitType: 'real-estate-title', department: 'real-estate-registration', byCommitment: false },
      ],
    });
    expect(replay).toEqual(first);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('fails with NotFound for an unknown application', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    const act = handler({ applicationId: 'missing' }, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(NotFound);
  });

  it('rejects an application id that could not be a key', async () => {
    // Act
    const act = handler({ applicationId: 'APP#1' }, lambdaContext());

    // Assess
    await expect(act).rejects.toBeInstanceOf(ValidationError);
    expect(ddb.calls()).toHaveLength(0);
  });
});
