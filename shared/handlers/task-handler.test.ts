import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { lambdaContext } from '#test/support/task-handlers';

vi.hoisted(() => {
  process.env.TABLE_NAME = 'table';
  process.env.AWS_REGION = 'cn-north-1';
  // Logs at INFO on the global console (Powertools' dev mode), so the test can read the lines.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_DEV = 'true';
});
const { taskHandler } = await import('./task-handler.ts');

afterEach(() => vi.restoreAllMocks());

function linesOf(spy: { mock: { calls: unknown[][] } }): Record<string, unknown>[] {
  return spy.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
}

describe('taskHandler', () => {
  it("logs every line with the application's id as key and as correlation id", async () => {
    // Prepare
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const handler = taskHandler({
      name: 'test-task',
      input: z.strictObject({ applicationId: z.string() }),
      handle: (deps) => {
        deps.logger.info('Step opened');
        return Promise.resolve('done');
      },
    });

    // Act
    await handler({ applicationId: 'app-42' }, lambdaContext('test-task'));

    // Assess
    expect(linesOf(info).find((line) => line.message === 'Step opened')).toMatchObject({
      applicationId: 'app-42',
      correlation_id: 'app-42',
      handler: 'test-task',
      function_request_id: expect.any(String),
    });
  });

  it('correlates a task without an application by its request id, and forgets the last application', async () => {
    // Prepare
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const handler = taskHandler({
      name: 'test-sweep',
      input: z.unknown(),
      handle: (deps) => {
        deps.logger.info('Swept');
        return Promise.resolve('done');
      },
    });
    await handler({ applicationId: 'app-41' }, lambdaContext('test-sweep'));

    // Act
    await handler({}, { ...lambdaContext('test-sweep'), awsRequestId: 'request-7' });

    // Assess
    const last = linesOf(info)
      .filter((line) => line.message === 'Swept')
      .at(-1);
    expect(last).toMatchObject({ correlation_id: 'request-7' });
    expect(last).not.toHaveProperty('applicationId');
  });
});
