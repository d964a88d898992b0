// The API's OpenAPI document, built from the route table's declarations and each context's HTTP contract
// (services/<context>/routes.ts: summaries and zod schemas), never from the handlers: a handler's bundle does not
// carry the others, and this one carries none. A route without a contract fails here, and in the tests.
import { apiRoutes } from '#infra/routes';
import { defineRoute, openApiDocument, type RouteSpec } from '#shared/http/openapi';
import { declaredRoute } from '#infra/routes';
import * as admin from '#services/admin/routes';
import * as documents from '#services/documents/routes';
import * as intake from '#services/intake/routes';
import * as officers from '#services/officers/routes';
import * as projects from '#services/projects/routes';
import * as publicFace from '#services/public/routes';
import * as notifications from '#services/notifications/routes';
import * as reports from '#services/reports/routes';
import * as ratings from '#services/ratings/routes';
import * as review from '#services/review/routes';

export const getOpenApiRoute = defineRoute({
  ...declaredRoute('get-openapi'),
  summary: 'The OpenAPI document of this API',
  tags: ['api'],
});

/** Every route's contract, in the route table's order. */
export function routeContracts(): RouteSpec[] {
  const contracts: RouteSpec[] = [
    ...contractsOf(
      intake,
      review,
      officers,
      documents,
      projects,
      reports,
      admin,
      notifications,
      publicFace,
      ratings,
    ),
    getOpenApiRoute,
  ];
  return apiRoutes.map((declared) => {
    const contract = contracts.find((c) => c.method === declared.method && c.path === declared.path);
    if (!contract) throw new Error(`No HTTP contract for ${declared.method} ${declared.path}`);
    return contract;
  });
}

let document: unknown;

/** Built once per process: the document changes only with a deployment. */
export function apiDocument(): unknown {
  return (document ??= openApiDocument(routeContracts()));
}

function contractsOf(...modules: Record<string, unknown>[]): RouteSpec[] {
  return modules.flatMap((module) => Object.values(module) as RouteSpec[]);
}
