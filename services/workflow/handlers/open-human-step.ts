// Task `.waitForTaskToken`: records a human step with its token, deadline and inbox entry. Returns nothing; the
// state waits until a decision sends the token back.
import { openHumanStepInputSchema } from '#services/workflow/contract';
import { openHumanStep } from '#services/workflow/core/open-human-step';
import type { RuntimeSource } from '#shared/runtime/index';
import { taskHandler } from '#shared/handlers/task-handler';

export function createHandler(runtime?: RuntimeSource) {
  return taskHandler(
    {
      name: 'open-human-step',
      input: openHumanStepInputSchema,
      handle: async (deps, input) => {
        const result = await openHumanStep(deps, input);
        deps.logger.info('open-human-step', { action: result.action });
      },
    },
    runtime,
  );
}

export const handler = createHandler();
