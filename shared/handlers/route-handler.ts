// A route's handler from its contract and the composition root: the one middleware stack (./handler.ts), the
// route's Idempotency-Key honoured through the runtime's store when the route is declared idempotent, and the
// dependencies of the invocation (the calendar resolved once) handed to `handle` after validation, so a refused
// request costs no read.
import type { z } from 'zod';
import { depsFor, lazyRuntime, type Deps, type RuntimeSource } from '#shared/runtime/index';
import { httpHandler, type HandlerInput, type HandlerResult, type HttpHandler } from '#shared/http/handler';
import type { RouteSpec } from '#shared/http/openapi';

type Schema = z.ZodType | undefined;
/** The schema a route declares for one part, or undefined when it declares none. */
type Part<S, K extends string> = S extends { [P in K]: infer T extends z.ZodType } ? T : undefined;

export interface RouteHandlerOptions<B extends Schema, P extends Schema, Q extends Schema, R extends Schema> {
  /** Operation name for logs, e.g. 'acceptApplication'. */
  name: string;
  handle: (input: HandlerInput<B, P, Q> & { deps: Deps }) => Promise<HandlerResult<R>>;
}

export function routeHandler<
  const S extends RouteSpec,
  B extends Schema = Part<S, 'body'>,
  P extends Schema = Part<S, 'params'>,
  Q extends Schema = Part<S, 'query'>,
  R extends Schema = Part<S, 'response'>,
>(route: S, runtime: RuntimeSource | undefined, options: RouteHandlerOptions<B, P, Q, R>): HttpHandler {
  const getRuntime = lazyRuntime(runtime);
  return httpHandler<B, P, Q, R>({
    ...(route as unknown as RouteSpec & { body: B; params: P; query: Q; response: R }),
    name: options.name,
    ...(route.idempotent ? { idempotency: () => getRuntime().idempotency() } : {}),
    handle: async (input) => options.handle({ ...input, deps: await depsFor(getRuntime()) }),
  });
}
