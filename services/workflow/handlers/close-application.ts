// Task: ends an application as refused, verified, revoked or failed.
import { closeApplicationInputSchema } from '#services/workflow/contract';
import { closeApplication } from '#services/workflow/core/close-application';
import type { RuntimeSource } from '#shared/runtime/index';
import { taskHandler } from '#shared/handlers/task-handler';

export function createHandler(runtime?: RuntimeSource) {
  return taskHandler(
    {
      name: 'close-application',
      input: closeApplicationInputSchema,
      handle: (deps, input) => closeApplication(deps, input),
    },
    runtime,
  );
}

export const handler = createHandler();
