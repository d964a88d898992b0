// The one shape of a Lambda task the state machine invokes (and of the scheduled sweeper): the composition root
// given or built once per container (lazily, so the environment is read at the first invocation), the input
// parsed with the contract's zod schema, the core called with the invocation's dependencies, the result
// returned. Errors keep their class names, which is what a Catch or Retry matches on.
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { ValidationError } from '#shared/errors';
import { createLogger, depsFor, lazyRuntime, type Deps, type RuntimeSource } from '#shared/runtime/index';

export interface TaskHandlerOptions<S extends z.ZodType, R> {
  /** The function's name in infra/routes.ts, used as the logger's `handler` key. */
  name: string;
  input: S;
  handle: (deps: Deps, input: z.output<S>) => Promise<R>;
}

export type TaskHandler<R> = middy.MiddyfiedHandler<unknown, R, Error, Context>;

export function taskHandler<S extends z.ZodType, R>(
  options: TaskHandlerOptions<S, R>,
  runtime?: RuntimeSource,
): TaskHandler<R> {
  const logger: Logger = createLogger(options.name);
  const getRuntime = lazyRuntime(runtime);
  return middy<unknown, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      // Every line of the invocation names the application, and its correlation id is the application's: the
      // execution is named after it, so a task's lines join the execution's other tasks and the API requests
      // about it. Tasks without an application (the SLA sweep) correlate by their own request id.
      const applicationId = applicationIdOf(event);
      logger.setCorrelationId(applicationId ?? context.awsRequestId);
      if (applicationId !== undefined) logger.appendKeys({ applicationId });
      const parsed = options.input.safeParse(event);
      if (!parsed.success) {
        throw new ValidationError(
          `Invalid input for ${options.name}`,
          parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        );
      }
      // The handler's own logger, which carries the invocation's correlation id and application.
      return options.handle({ ...(await depsFor(getRuntime())), logger }, parsed.data as z.output<S>);
    });
}

function applicationIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || !('applicationId' in event)) return undefined;
  const { applicationId } = event as { applicationId: unknown };
  return typeof applicationId === 'string' && applicationId.length <= 128 ? applicationId : undefined;
}
