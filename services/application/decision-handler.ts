// The adapter every decision route shares: the route's contract, the Idempotency-Key honoured, and the outcome
// answered as the application and the step it decided (never the task token).
import type { z } from 'zod';
import type { Principal } from '#shared/auth/principal';
import type { HttpHandler } from '#shared/http/handler';
import type { RouteSpec } from '#shared/http/openapi';
import { routeHandler } from '#shared/handlers/route-handler';
import { toStepView, type Application, type Step } from '#shared/model';
import type { Deps, RuntimeSource } from '#shared/runtime/index';
import { toApplicationView } from './core/views.ts';

export interface DecisionRoute<B extends z.ZodType, P extends z.ZodType> extends RouteSpec {
  body: B;
  params: P;
}

export interface DecisionInput<B extends z.ZodType, P extends z.ZodType> {
  principal: Principal;
  params: z.output<P>;
  body: z.output<B>;
}

/** A decision's result: the application after it, and the step decided (absent when none was open). */
export interface Decided {
  application: Application;
  step?: Step;
}

export function decisionHandler<B extends z.ZodType, P extends z.ZodType>(options: {
  route: DecisionRoute<B, P>;
  name: string;
  decide: (deps: Deps, input: DecisionInput<B, P>) => Promise<Decided>;
  runtime?: RuntimeSource | undefined;
}): HttpHandler {
  return routeHandler(options.route, options.runtime, {
    name: options.name,
    handle: async ({ deps, principal, params, body }) => {
      // Both schemas are required by DecisionRoute, so both parts are present once validation passed.
      const input = { principal, params: params as z.output<P>, body: body as z.output<B> };
      const { application, step } = await options.decide(deps, input);
      return {
        body: { application: toApplicationView(application), ...(step ? { step: toStepView(step) } : {}) },
      };
    },
  });
}
