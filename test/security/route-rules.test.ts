// No endpoint without an explicit role rule: every route of infra/routes.ts names who may call it, in its
// handler's `route.roles` (which httpHandler enforces), the same in the route table (public or behind the JWT
// authorizer), in the OpenAPI list, and as written down here. A new route fails this file until its rule is
// added to `rules` below, on purpose: adding a route is a decision about who may call it.
import { describe, expect, it } from 'vitest';
import { apiRoutes, routeKey } from '#infra/routes';
import { routeContracts } from '#services/openapi/document';
import { ROLES as allRoles, type Principal, type Role } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { loadHandlerModules } from './world.ts';

const everyone: readonly Role[] = [
  'enterprise',
  'agency-officer',
  'window-clerk',
  'department-officer',
  'administrator',
];

/** Every role, in the model's order (the notification routes state it as `roles`). */
const personal: readonly Role[] = [
  'enterprise',
  'window-clerk',
  'department-officer',
  'agency-officer',
  'administrator',
];

/**
 * Who may call each route. Administrators read everything and change configuration only (and, like everyone,
 * their own notification centre).
 */
const rules: Record<string, readonly Role[] | 'public'> = {
  'POST /applications': ['enterprise', 'agency-officer'],
  'GET /applications': everyone,
  'GET /applications/search': ['window-clerk', 'department-officer', 'administrator'],
  'GET /applications/{applicationId}': everyone,
  'POST /applications/{applicationId}/intake-decision': ['window-clerk'],
  'POST /applications/{applicationId}/supplement': ['enterprise', 'agency-officer'],
  'POST /applications/{applicationId}/commitment': ['enterprise', 'agency-officer'],
  'GET /inbox': ['window-clerk', 'department-officer', 'administrator'],
  'POST /applications/{applicationId}/steps/{stepId}/decision': ['department-officer'],
  'POST /applications/{applicationId}/steps/{stepId}/assignment': ['department-officer'],
  'POST /applications/{applicationId}/steps/{stepId}/exclusions': ['department-officer'],
  'POST /officers/me/absences': ['department-officer'],
  'POST /applications/{applicationId}/supervision-orders': ['administrator'],
  'POST /applications/{applicationId}/supervision-orders/{orderId}/answer': ['department-officer'],
  'GET /supervision-orders': ['department-officer', 'administrator'],
  'POST /steps/bulk-assignment': ['department-officer'],
  'POST /applications/{applicationId}/verification-decision': ['department-officer'],
  'GET /applications/{applicationId}/permits': everyone,
  'POST /projects': ['enterprise', 'agency-officer', 'window-clerk'],
  'GET /projects': everyone,
  'GET /projects/{projectId}': everyone,
  'POST /projects/{projectId}/progress': ['enterprise', 'agency-officer', 'window-clerk'],
  'PUT /projects/{projectId}/people': ['window-clerk'],
  'POST /projects/{projectId}/tickets': ['enterprise', 'agency-officer', 'department-officer'],
  'POST /projects/{projectId}/tickets/{ticketId}/action': [
    'enterprise',
    'agency-officer',
    'department-officer',
  ],
  'POST /applications/{applicationId}/documents': ['enterprise', 'agency-officer'],
  'POST /applications/{applicationId}/documents/{documentId}/versions/{version}/confirm': [
    'enterprise',
    'agency-officer',
  ],
  'GET /applications/{applicationId}/documents': everyone,
  'GET /applications/{applicationId}/documents/{documentId}/download': everyone,
  'GET /applications/{applicationId}/permits/{certificateNo}/certificate': everyone,
  'GET /verify/{certificateNo}': 'public',
  'GET /admin/reports/steps': ['administrator'],
  'GET /admin/reports/projects': ['administrator'],
  'GET /admin/reports/tickets': ['administrator'],
  'GET /admin/reports/applications': ['administrator'],
  'GET /admin/reports/overdue': ['administrator'],
  // 好差评 (issue 18): the enterprise side rates and reads; the service centre's supervisors follow up.
  'POST /applications/{applicationId}/ratings': ['enterprise', 'agency-officer'],
  'GET /applications/{applicationId}/ratings': ['enterprise', 'agency-officer', 'administrator'],
  'GET /admin/rating-follow-ups': ['administrator'],
  'POST /admin/rating-follow-ups/{applicationId}/handle': ['administrator'],
  'GET /admin/reports/satisfaction': ['administrator'],
  'GET /admin/applications/{applicationId}/timeline': ['administrator'],
  'GET /admin/calendar': ['administrator'],
  'PUT /admin/calendar/years/{year}': ['administrator'],
  'POST /admin/calendar/local-rest-days': ['administrator'],
  'GET /admin/service-config': ['administrator'],
  'PUT /admin/service-config': ['administrator'],
  'GET /admin/parcels': ['administrator'],
  'PUT /admin/parcels/{parcelId}': ['administrator'],
  'POST /admin/parcels/{parcelId}/grant': ['administrator'],
  // Everyone signed in has a notification centre of their own (通知).
  'GET /notifications': personal,
  'GET /notifications/unread-count': personal,
  'POST /notifications/{notificationId}/read': personal,
  'GET /notifications/preferences': personal,
  'PUT /notifications/preferences': personal,
  'GET /openapi.json': 'public',
  // The public face (services/public).
  'GET /public/guides': 'public',
  'GET /public/guides/{permitType}': 'public',
  'GET /public/performance': 'public',
  'GET /public/notices': 'public',
};

/**
 * Routes that change configuration, or the caller's own notification centre, and the supervision order (督办单, a
 * supervisor's instruction to a department, which decides nothing on the application): the only writes an
 * administrator may make.
 */
const configurationRoutes = new Set<string>([
  'PUT /admin/calendar/years/{year}',
  'POST /admin/calendar/local-rest-days',
  'PUT /admin/service-config',
  'PUT /admin/parcels/{parcelId}',
  'POST /admin/parcels/{parcelId}/grant',
  'POST /notifications/{notificationId}/read',
  'PUT /notifications/preferences',
  'POST /applications/{applicationId}/supervision-orders',
  // 差评整改: the record of how a poor rating was handled, which decides nothing on the application either.
  'POST /admin/rating-follow-ups/{applicationId}/handle',
]);

const modules = await loadHandlerModules();
const table = apiRoutes.map((route) => [routeKey(route), route, modules.get(routeKey(route))!] as const);

describe('route role rules', () => {
  it('names a rule for every route of the route table, and for no route that is gone', () => {
    expect(Object.keys(rules).sort()).toEqual(apiRoutes.map(routeKey).sort());
  });

  it.each(table)('%s: the handler states exactly the rule written here', (key, route, module) => {
    // Prepare
    const stated = module.route.roles;

    // Assess
    expect(stated).toEqual(rules[key]);
    expect(stated === 'public').toBe(route.public);
    if (stated !== 'public') {
      expect(stated.length).toBeGreaterThan(0);
      for (const role of stated) expect(allRoles).toContain(role);
      expect(new Set(stated).size).toBe(stated.length);
    }
  });

  it.each(table)('%s: an administrator writes only configuration', (key, route, module) => {
    const roles = module.route.roles;
    if (route.method !== 'GET' && roles !== 'public' && !configurationRoutes.has(key)) {
      expect(roles).not.toContain('administrator');
    }
  });

  it('marks exactly the routes whose query takes a cursor as paged (they may read the cursor key)', () => {
    // Act
    const withCursor = routeContracts()
      .filter((r) => r.query !== undefined && 'cursor' in ((r.query as { shape?: object }).shape ?? {}))
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    const paged = apiRoutes
      .filter((r) => r.paged === true)
      .map(routeKey)
      .sort();

    // Assess
    expect(paged).toEqual(withCursor);
    expect(paged).toEqual([
      'GET /admin/rating-follow-ups',
      'GET /applications',
      'GET /applications/search',
      'GET /inbox',
      'GET /notifications',
      'GET /projects',
      'GET /public/notices',
      'GET /supervision-orders',
    ]);
  });

  it('lists every route behind the authorizer in the OpenAPI routes, with the same roles', () => {
    // Prepare
    const documented = new Map(
      routeContracts()
        .filter((r) => r.roles !== 'public')
        .map((r) => [`${r.method} ${r.path}`, r.roles]),
    );
    const protectedRoutes = table.filter(([, route]) => !route.public);

    // Assess
    expect([...documented.keys()].sort()).toEqual(protectedRoutes.map(([key]) => key).sort());
    for (const [key, , module] of protectedRoutes) expect(documented.get(key)).toEqual(module.route.roles);
  });

  it.each(table)(
    '%s: the handler enforces its rule (401 without identity, 403 for other roles)',
    async (key, route, module) => {
      // Prepare: no deps are needed, the rule is checked before anything is read.
      const handler = module.createHandler(() => {
        throw new Error('a refused request must not build dependencies');
      });
      const rule = module.route.roles;
      const request = (principal?: Principal) =>
        invoke(
          handler,
          apiEvent({
            method: route.method,
            path: route.path,
            routeKey: key,
            ...(principal ? { principal } : {}),
          }),
        );
      if (rule === 'public') {
        // Public: no identity asked for. The OpenAPI document needs nothing else; the certificate check reads
        // the table, so without its dependencies it fails inside, after the rule let it through.
        const answer = await request();
        if (key === 'GET /openapi.json') expect(answer.statusCode).toBe(200);
        expect([401, 403]).not.toContain(answer.statusCode);
        return;
      }

      // Act + Assess
      const anonymous = await request();
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
      for (const role of allRoles.filter((r) => !rule.includes(r))) {
        const refused = await request(principalWith(role));
        expect(refused.statusCode, role).toBe(403);
        expect(refused.body.error.code, role).toBe('FORBIDDEN');
      }
      expect((await request({ userId: 'no-role', roles: [] })).statusCode).toBe(403);
    },
  );
});

function principalWith(role: Role): Principal {
  switch (role) {
    case 'enterprise':
      return { userId: 'u-enterprise', roles: [role], enterpriseId: 'ent-1' };
    case 'agency-officer':
      return { userId: 'u-agency', roles: [role], agencyFor: ['ent-1'] };
    case 'department-officer':
      return { userId: 'u-officer', roles: [role], department: 'natural-resources' };
    default:
      return { userId: `u-${role}`, roles: [role] };
  }
}
