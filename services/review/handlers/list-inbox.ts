// GET /inbox: a department's open steps, earliest due first, a page at a time (待办).
import { z } from 'zod';
import { lazyDeps, type DepsSource } from '#services/api/deps';
import { pageQueryShape, pageSchema, stepViewResponseSchema } from '#services/intake/core/views';
import { departmentIdSchema, toStepView } from '#shared/model';
import { httpHandler, type HttpHandler } from '#shared/http/handler';
import { defineRoute } from '#shared/http/openapi';
import { listInbox } from '../core/list-inbox.ts';

export const route = defineRoute({
  method: 'GET',
  path: '/inbox',
  summary: 'Open steps of a department, earliest due first',
  description:
    "Window clerks read the window's inbox, department officers their department's; administrators name " +
    'any `department`. Steps waiting on the enterprise (补正) stay in the inbox of the department that ' +
    'asked; steps without a due instant come last. Another department answers 403.',
  tags: ['review'],
  roles: ['window-clerk', 'department-officer', 'administrator'],
  query: z.strictObject({
    department: departmentIdSchema.optional().describe("Whose inbox; defaults to the caller's own"),
    ...pageQueryShape,
  }),
  response: pageSchema(stepViewResponseSchema),
});

export function createHandler(deps?: DepsSource): HttpHandler {
  const getDeps = lazyDeps(deps);
  return httpHandler({
    ...route,
    name: 'listInbox',
    handle: async ({ principal, query }) => {
      const page = await listInbox(getDeps(), { principal, ...query });
      return { body: { ...page, items: page.items.map(toStepView) } };
    },
  });
}

export const handler = createHandler();
