// GET /applications/search: the officers' search and filters (检索), a page at a time or the whole selection as CSV.
import type { RuntimeSource } from '#shared/runtime/index';
import { routeHandler } from '#shared/handlers/route-handler';
import { DynamoDbSearchIndex } from '#shared/data/search-index';
import { csvResult, toCsv, wantsCsv } from '#shared/http/csv';
import type { HttpHandler } from '#shared/http/handler';
import { toApplicationView } from '#services/application/core/views';
import { exportSearch, searchApplications, searchExportColumns } from '../core/search-applications.ts';
import { searchApplicationsRoute as route } from '../routes.ts';

export { route };

export function createHandler(runtime?: RuntimeSource): HttpHandler {
  return routeHandler(route, runtime, {
    name: 'searchApplications',
    handle: async ({ deps, principal, query, event }) => {
      const searchIndex = new DynamoDbSearchIndex({ client: deps.documentClient, tableName: deps.tableName });
      const { format, limit, cursor, ...filters } = query;
      if (wantsCsv({ format, accept: event.headers.accept })) {
        const rows = await exportSearch({ searchIndex }, { principal, ...filters });
        return csvResult(
          `applications-${deps.now().toISOString().slice(0, 10)}.csv`,
          toCsv(searchExportColumns, rows),
        );
      }
      const page = await searchApplications({ searchIndex }, { principal, ...filters, limit, cursor });
      return { body: { ...page, items: page.items.map(toApplicationView) } };
    },
  });
}

export const handler = createHandler();
