// A Lambda context for handlers the embedded runtime invokes in-process: what Powertools and middy read of it.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** @param functionName the function's name in infra/routes.ts */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = performance.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
