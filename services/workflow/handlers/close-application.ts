// Task: ends an application as refused, verified, revoked or failed.
import { closeApplicationInputSchema } from '#services/workflow/contract';
import { closeApplication } from '#services/workflow/core/close-application';
import { taskHandler } from '#services/workflow/task-handler';

export const handler = taskHandler({
  name: 'close-application',
  input: closeApplicationInputSchema,
  handle: (deps, input) => closeApplication(deps, input),
});
