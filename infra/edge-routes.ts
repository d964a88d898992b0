// What the edge (CloudFront) and the API stage derive from the route table, with no CDK imports: the path
// patterns that go to the API (one behaviour per distinct first path segment) and each route's cost class,
// which sets its throttle on the stage and whether its function gets reserved concurrency.
import type { ApiRoute } from './routes.ts';

/** The public path served as a static file from the site bucket instead of a Lambda. */
export const openApiPath = '/openapi.json';

/**
 * CloudFront path patterns that reach the API, one per distinct first path segment of the routes: `/seg*` when
 * a route is `/seg` itself (it covers the routes below), `/seg/*` when routes only lie below it. The OpenAPI
 * document is not among them: the site bucket serves it. Everything else (the default behaviour) is the portal.
 */
export function apiPathPatterns(routes: readonly Pick<ApiRoute, 'path'>[]): string[] {
  const segments = new Map<string, boolean>();
  for (const { path } of routes) {
    if (path === openApiPath) continue;
    const segment = path.split('/')[1];
    if (!segment) throw new Error(`A route at the root cannot share the portal's domain: ${path}`);
    segments.set(segment, (segments.get(segment) ?? false) || path === `/${segment}`);
  }
  return [...segments].map(([segment, exact]) => (exact ? `/${segment}*` : `/${segment}/*`)).sort();
}

/**
 * What a request of the route costs: `workflow` starts or ends a workflow step (Step Functions calls, a
 * transaction of several items), `write` a transaction, `report` reads counters and partitions for an
 * administrator, `read` one item or one page, `public` an anonymous read (guides, notices, published figures,
 * the certificate check) that anyone on the internet may send, so it is capped apart from the signed-in.
 */
export type RouteCost = 'workflow' | 'write' | 'report' | 'read' | 'public';

export function routeCost(
  route: Pick<ApiRoute, 'path' | 'table' | 'taskCallbacks' | 'startsExecution'> &
    Partial<Pick<ApiRoute, 'public'>>,
): RouteCost {
  if (route.public && route.table !== 'none') return 'public';
  if (route.taskCallbacks || route.startsExecution) return 'workflow';
  if (route.table === 'readWrite') return 'write';
  if (route.path.startsWith('/admin/reports/') || route.path.endsWith('/timeline')) return 'report';
  return 'read';
}

/** Requests per second across all callers, and the burst above it, per route of each cost. */
export const throttleByCost: Record<RouteCost, { rateLimit: number; burstLimit: number }> = {
  workflow: { rateLimit: 20, burstLimit: 40 },
  write: { rateLimit: 10, burstLimit: 20 },
  report: { rateLimit: 5, burstLimit: 10 },
  read: { rateLimit: 50, burstLimit: 100 },
  // Behind CloudFront's cache (publicPathPatterns): what reaches the stage is the cache's misses.
  public: { rateLimit: 20, burstLimit: 40 },
};

/**
 * Reserved concurrency for the expensive functions: a cap, so a flood of one route cannot take the account's
 * concurrency from the others (and a floor for it). Cheap reads share the unreserved pool.
 */
export const reservedConcurrencyByCost: Partial<Record<RouteCost, number>> = {
  workflow: 20,
  report: 5,
  public: 5,
};

/**
 * The API path patterns (of apiPathPatterns) under which every route is a public GET: CloudFront caches them by
 * path and query string for as long as the function's `Cache-Control` says (a route that must not be kept, like
 * the certificate check, says `no-store`), so a crowd of anonymous readers costs a bounded number of calls.
 */
export function publicPathPatterns(
  routes: readonly Pick<ApiRoute, 'path' | 'method' | 'public'>[],
): string[] {
  return apiPathPatterns(routes).filter((pattern) => {
    const under = routes.filter((r) => r.path !== openApiPath && matches(pattern, r.path));
    return under.length > 0 && under.every((r) => r.public && r.method === 'GET');
  });
}

/** The anonymous routes' first path segments, for the edge firewall's tighter per-IP rate (`/public/`...). */
export function publicPathPrefixes(
  routes: readonly Pick<ApiRoute, 'path' | 'method' | 'public'>[],
): string[] {
  return publicPathPatterns(routes).map((pattern) => pattern.replace(/\*$/, ''));
}

function matches(pattern: string, path: string): boolean {
  return path.startsWith(pattern.replace(/\*$/, ''));
}
