// Test support for the task handlers' unit tests: a Lambda context, and the items a mocked DynamoDB returns.
import type { Context } from 'aws-lambda';
import type { Application, AuditEvent, Step } from '#shared/model';
import { anApplication, at } from '#test/support/workflow';

export function lambdaContext(functionName = 'test-task'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:cn-north-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'request-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The instant the handler tests run at (Date only is faked). */
export const testNow = at('2025-03-05T10:00:00');

export const storedApplication = (overrides: Partial<Application> = {}): Application =>
  anApplication({ applicationId: 'app-1', ...overrides });

export function storedStep(overrides: Partial<Step> & Pick<Step, 'stepId' | 'kind'>): Step {
  return {
    applicationId: 'app-1',
    department: 'window',
    status: 'open',
    openedAt: at('2025-03-03T09:00:00').toISOString(),
    budgetDays: 1,
    pauses: [],
    taskToken: 'token-old',
    version: 1,
    ...overrides,
  };
}

export function storedEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    applicationId: 'app-1',
    eventId: 'submitted',
    at: at('2025-03-03T08:30:00').toISOString(),
    type: 'application-submitted',
    actor: { userId: 'ent-user-1', role: 'enterprise' },
    detail: {},
    ...overrides,
  };
}

/** Partial inputs matching the repository's two queries of an application's partition. */
export const stepsQuery = { ExpressionAttributeValues: { ':prefix': 'STEP#' } };
export const timelineQuery = { ExpressionAttributeValues: { ':prefix': 'EVT#' } };
