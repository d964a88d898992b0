// Task: the track, and which permits go to their departments or by commitment (告知承诺).
import { routeApplicationInputSchema, routeApplicationOutputSchema } from '#services/workflow/contract';
import { routeApplication } from '#services/workflow/core/route-application';
import type { RuntimeSource } from '#shared/runtime/index';
import { taskHandler } from '#shared/handlers/task-handler';

export function createHandler(runtime?: RuntimeSource) {
  return taskHandler(
    {
      name: 'route-application',
      input: routeApplicationInputSchema,
      handle: async (deps, input) => routeApplicationOutputSchema.parse(await routeApplication(deps, input)),
    },
    runtime,
  );
}

export const handler = createHandler();
