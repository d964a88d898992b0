// Tenant isolation over every route of infra/routes.ts: for each role, every resource that is not its own (the
// other enterprise's applications, another department's steps and inbox, unknown IDs) answers 401, 403 or 404
// as the rules say, never data and never 500, and writes nothing. Real handlers on DynamoDB Local.
//
// The rules the expectations encode (the issue's, not read back from shared/access): an enterprise reaches only
// its own applications, its agency officer only those of the enterprises assigned to it; the window clerk and
// administrators read every application; a department officer reads an application once it has a step of its
// department and decides only its department's review and verification steps; administrators decide nothing.
// Where the role is allowed but the resource is not visible, the answer is the one an unknown ID gets (404),
// so existence does not leak.
import { DEFAULT_SERVICE_CONFIG } from '#shared/service-config/config';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiRoutes, routeKey, type ApiRoute } from '#infra/routes';
import type { Principal } from '#shared/auth/principal';
import type { ApiEventInput, ApiResult } from '#test/support/http';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import {
  buildWorld,
  departments,
  enterprises,
  loadHandlerModules,
  principalNames,
  principals,
  type PrincipalName,
  type SeededApplication,
  type SeededProject,
  type World,
} from './world.ts';

const unknownApplicationId = 'app-does-not-exist';
const unknownStepId = 'review-land-use-approval-9';
const unknownEnterpriseId = 'ent-unknown';
const unknownDepartment = 'fire-protection';
const unknownProjectId = 'prj-does-not-exist';
const unknownTicketId = 'tkt-does-not-exist';
const unknownNotificationId = `n${'0'.repeat(9)}-${'0'.repeat(24)}`;

/** What the rules say a call must answer. `permitted`: the caller may do it; a denial suite does not call it. */
type Expected =
  | { status: 401 | 403 | 404 | 400 | 409; code?: string; sameAsUnknown?: ApiEventInput }
  | { status: 200; check: (body: unknown) => void }
  | { permitted: true };

interface Case {
  label: string;
  request: ApiEventInput;
  /** The partition a write would land in, compared before and after; undefined: the whole table. */
  partition: string | undefined;
  expected: (principal: Principal) => Expected;
}

/** One entry per route of the route table: the requests that reach for resources, and what each must answer. */
type RouteCases = (world: World) => Case[];

/**
 * A public read: 200 for anyone, signed in or not, and no application, enterprise or person of the world named
 * in it (the public face publishes permits and figures, never a case's private data).
 */
function publicRead(
  world: World,
  label: string,
  request: ApiEventInput,
  check: (body: unknown) => void,
): Case {
  return {
    label,
    request,
    partition: undefined,
    expected: () => ({
      status: 200,
      check: (body) => {
        check(body);
        const text = JSON.stringify(body);
        for (const app of world.applications) expect(text).not.toContain(app.applicationId);
        for (const enterpriseId of enterprises) expect(text).not.toContain(enterpriseId);
        for (const principal of Object.values(principals))
          expect(text).not.toContain(`"${principal.userId}"`);
      },
    }),
  };
}

/** 公示: the lists of notices the matrix reads (all, a search, a department). */
const noticeQueries: Record<string, string>[] = [{}, { q: 'SGXK' }, { department: 'housing-construction' }];

// ---------------------------------------------------------------------------------------------------------
// The rules, as the issue states them

const has = (p: Principal, role: Principal['roles'][number]) => p.roles.includes(role);
const actsFor = (p: Principal, enterpriseId: string) =>
  (has(p, 'enterprise') && p.enterpriseId === enterpriseId) ||
  (has(p, 'agency-officer') && (p.agencyFor ?? []).includes(enterpriseId));
const sees = (p: Principal, app: SeededApplication) =>
  has(p, 'administrator') ||
  has(p, 'window-clerk') ||
  actsFor(p, app.enterpriseId) ||
  (has(p, 'department-officer') && app.steps.some((s) => s.department === p.department));

// The project register: the enterprise side (its own, its agency officer by \`agencyFor\`, the secretary the
// service centre assigned to the project), the service centre and administrators see a project; a department
// sees it once a ticket is assigned to it, and only its own tickets.
const actsForProject = (p: Principal, project: SeededProject) =>
  actsFor(p, project.enterpriseId) ||
  (has(p, 'agency-officer') && project.secretaryUserId !== undefined && project.secretaryUserId === p.userId);
const seesProject = (p: Principal, project: SeededProject) =>
  has(p, 'administrator') ||
  has(p, 'window-clerk') ||
  actsForProject(p, project) ||
  (has(p, 'department-officer') && p.department === project.ticketDepartment);

const projectPath = (id: string, suffix = '') => ({
  path: `/projects/${id}${suffix}`,
  pathParameters: { projectId: id },
});

/** Routes on one project: each seeded project, and an unknown one. */
function perProject(
  suffix: string,
  body: Record<string, unknown> | undefined,
  rule: (p: Principal, project: SeededProject) => Expected,
): RouteCases {
  return (world) => {
    const unknown: ApiEventInput = { ...projectPath(unknownProjectId, suffix), ...(body ? { body } : {}) };
    return [
      ...world.projects.map<Case>((project) => ({
        label: `project of ${project.enterpriseId}`,
        request: { ...projectPath(project.projectId, suffix), ...(body ? { body } : {}) },
        partition: `PRJ#${project.projectId}`,
        expected: (p) =>
          seesProject(p, project)
            ? rule(p, project)
            : { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknown },
      })),
      {
        label: 'unknown project',
        request: unknown,
        partition: `PRJ#${unknownProjectId}`,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  };
}

// ---------------------------------------------------------------------------------------------------------
// Requests per route

const appPath = (id: string, suffix = '') => ({
  path: `/applications/${id}${suffix}`,
  pathParameters: { applicationId: id },
});

/** Routes on one application: each seeded application, and an unknown one. */
function perApplication(
  suffix: string,
  body: Record<string, unknown> | undefined,
  rule: (p: Principal, app: SeededApplication) => Expected,
): RouteCases {
  return (world) => {
    const unknown: ApiEventInput = { ...appPath(unknownApplicationId, suffix), ...(body ? { body } : {}) };
    return [
      ...world.applications.map<Case>((app) => ({
        label: `${app.enterpriseId} ${app.stage}`,
        request: { ...appPath(app.applicationId, suffix), ...(body ? { body } : {}) },
        partition: app.applicationId,
        expected: (p) =>
          sees(p, app) ? rule(p, app) : { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknown },
      })),
      {
        label: 'unknown application',
        request: unknown,
        partition: unknownApplicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  };
}

/** Routes on one document of an application (an unknown document: those who see the application get 404). */
function perDocument(request: (applicationId: string) => ApiEventInput): RouteCases {
  return (world) => {
    const unknown = request(unknownApplicationId);
    return [
      ...world.applications.map<Case>((app) => ({
        label: `${app.enterpriseId} ${app.stage}`,
        request: request(app.applicationId),
        partition: app.applicationId,
        expected: (p) =>
          sees(p, app)
            ? { status: 404, code: 'NOT_FOUND' }
            : { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknown },
      })),
      {
        label: 'unknown application',
        request: unknown,
        partition: unknownApplicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  };
}

/** Routes on one step that only an officer of the step's department works on (claims, excluded time). */
function ownDepartmentStep(suffix: string, body: Record<string, unknown>): RouteCases {
  return (world) => {
    const request = (applicationId: string, stepId: string): ApiEventInput => ({
      path: `/applications/${applicationId}/steps/${stepId}${suffix}`,
      pathParameters: { applicationId, stepId },
      body,
    });
    const unknownApp = request(unknownApplicationId, 'review-construction-1');
    return [
      ...world.applications.flatMap((app) =>
        [...app.steps.map((s) => s.stepId), unknownStepId].map<Case>((stepId) => ({
          label: `${app.enterpriseId} ${app.stage} ${stepId}`,
          request: request(app.applicationId, stepId),
          partition: app.applicationId,
          expected: (p) => {
            if (!sees(p, app)) return { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknownApp };
            const step = app.steps.find((s) => s.stepId === stepId);
            if (!step) return { status: 404, code: 'NOT_FOUND' };
            const own =
              (step.kind === 'review' || step.kind === 'verification') && step.department === p.department;
            return own ? { permitted: true } : { status: 403, code: 'FORBIDDEN' };
          },
        })),
      ),
      {
        label: 'unknown application',
        request: unknownApp,
        partition: unknownApplicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  };
}

const readsApplication = (p: Principal, app: SeededApplication): Expected => ({
  status: 200,
  check: (body) => expect(body).toMatchObject({ application: { applicationId: app.applicationId } }),
});

const adminRead = (path: string): Case => ({
  label: 'the report',
  request: { path },
  partition: undefined,
  expected: () => ({ status: 200, check: (body) => expect(body).toBeDefined() }),
});

const routeCases: Record<string, RouteCases> = {
  'POST /projects': () =>
    [...enterprises, unknownEnterpriseId, undefined].map((enterpriseId) => ({
      label: `for ${enterpriseId ?? 'no named enterprise'}`,
      request: {
        path: '/projects',
        body: {
          name: '越权入库',
          industry: 'auto-parts',
          location: '某地',
          plannedInvestmentYuan: 1,
          ...(enterpriseId ? { enterpriseId } : {}),
        },
      },
      partition: undefined,
      expected: (p) => {
        const target = enterpriseId ?? (has(p, 'enterprise') ? p.enterpriseId : undefined);
        if (target === undefined) return { status: 400, code: 'VALIDATION_FAILED' };
        return actsFor(p, target) || has(p, 'window-clerk')
          ? { permitted: true }
          : { status: 403, code: 'FORBIDDEN' };
      },
    })),

  'GET /projects': (world) => [
    // 我负责的项目: a secretary its assigned projects, a department officer those its department has a ticket on,
    // anyone else 400 (the issue: "secretaries their assigned projects").
    {
      label: 'assigned to the caller',
      request: { path: '/projects', queryStringParameters: { assigned: 'me', limit: '100' } },
      partition: undefined,
      expected: (p) => {
        const mine = has(p, 'agency-officer')
          ? world.projects.filter((x) => x.secretaryUserId === p.userId)
          : has(p, 'department-officer')
            ? world.projects.filter((x) => x.ticketDepartment === p.department)
            : undefined;
        if (mine === undefined) return { status: 400, code: 'VALIDATION_FAILED' };
        return {
          status: 200,
          check: (body) =>
            expect((body as { items: { projectId: string }[] }).items.map((x) => x.projectId).sort()).toEqual(
              mine.map((x) => x.projectId).sort(),
            ),
        };
      },
    },
    ...[...enterprises, unknownEnterpriseId, undefined].map<Case>((enterpriseId) => ({
      label: `of ${enterpriseId ?? 'the caller'}`,
      request: {
        path: '/projects',
        queryStringParameters: { limit: '100', ...(enterpriseId ? { enterpriseId } : {}) },
      },
      partition: undefined,
      expected: (p) => {
        const target = enterpriseId ?? (has(p, 'enterprise') ? p.enterpriseId : undefined);
        if (target === undefined) return { status: 400, code: 'VALIDATION_FAILED' };
        const visible = world.projects.filter((x) => x.enterpriseId === target && seesProject(p, x));
        return {
          status: 200,
          check: (body) =>
            expect((body as { items: { projectId: string }[] }).items.map((x) => x.projectId).sort()).toEqual(
              visible.map((x) => x.projectId).sort(),
            ),
        };
      },
    })),
  ],

  'GET /projects/{projectId}': perProject('', undefined, (p, project) => ({
    status: 200,
    check: (body) => {
      const view = body as { project: { projectId: string }; tickets: { department: string }[] };
      expect(view.project.projectId).toBe(project.projectId);
      if (has(p, 'department-officer') && !actsForProject(p, project) && !has(p, 'window-clerk')) {
        for (const t of view.tickets) expect(t.department).toBe(p.department);
      }
    },
  })),

  'POST /projects/{projectId}/progress': perProject('/progress', { note: '越权' }, () => ({
    permitted: true,
  })),

  'PUT /projects/{projectId}/people': perProject('/people', { secretaryUserId: 'intruder' }, () => ({
    permitted: true,
  })),

  'POST /projects/{projectId}/tickets': perProject(
    '/tickets',
    {
      title: '越权',
      description: '越权',
      category: 'other',
      department: 'natural-resources',
      timeLimitDays: 1,
    },
    () => ({ permitted: true }),
  ),

  'POST /projects/{projectId}/tickets/{ticketId}/action': (world) => {
    const request = (projectId: string, ticketId: string, action: string): ApiEventInput => ({
      path: `/projects/${projectId}/tickets/${ticketId}/action`,
      pathParameters: { projectId, ticketId },
      body: { action },
    });
    return world.projects.flatMap((project) =>
      (['accept', 'confirm'] as const).flatMap((action) => {
        const unknown = request(unknownProjectId, project.ticketId, action);
        return [project.ticketId, unknownTicketId].map<Case>((ticketId) => ({
          label: `${action} ${ticketId === unknownTicketId ? 'an unknown ticket' : 'the ticket'} of ${project.enterpriseId}`,
          request: request(project.projectId, ticketId, action),
          partition: `PRJ#${project.projectId}`,
          expected: (p) => {
            if (!seesProject(p, project)) return { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknown };
            if (ticketId === unknownTicketId) return { status: 404, code: 'NOT_FOUND' };
            const department = has(p, 'department-officer') && p.department === project.ticketDepartment;
            if (action === 'accept')
              return department ? { permitted: true } : { status: 403, code: 'FORBIDDEN' };
            // A raised ticket cannot be confirmed: the enterprise side meets the state, the department the rule.
            return actsForProject(p, project)
              ? { status: 409, code: 'TICKET_STATUS' }
              : { status: 403, code: 'FORBIDDEN' };
          },
        }));
      }),
    );
  },

  // 好差评: the enterprise side rates what it sees, once, when finished (the world rated each issued application
  // already; those under verification are unrated); the enterprise side and administrators read the rating; the
  // service centre's follow-ups and the satisfaction report are administrators' only.
  'POST /applications/{applicationId}/ratings': perApplication('/ratings', { level: 1 }, (_p, app) => {
    if (app.stage === 'issued') return { status: 409, code: 'ALREADY_RATED' };
    if (app.stage === 'verification') return { permitted: true };
    return { status: 409, code: 'MATTER_NOT_FINISHED' };
  }),
  'GET /applications/{applicationId}/ratings': perApplication('/ratings', undefined, (_p, app) => ({
    status: 200,
    check: (body) => {
      const view = body as { applicationId: string; rating: { enterpriseId: string } | null };
      expect(view.applicationId).toBe(app.applicationId);
      expect(view.rating === null || view.rating.enterpriseId === app.enterpriseId).toBe(true);
      expect(view.rating !== null).toBe(app.stage === 'issued');
    },
  })),
  'GET /admin/rating-follow-ups': () => [
    {
      label: 'every open follow-up',
      request: { path: '/admin/rating-follow-ups', queryStringParameters: { limit: '100' } },
      partition: undefined,
      expected: () => ({
        status: 200,
        check: (body) => expect((body as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2),
      }),
    },
  ],
  'POST /admin/rating-follow-ups/{applicationId}/handle': (world) => [
    ...world.applications.map<Case>((app) => ({
      label: `the follow-up of ${app.enterpriseId} ${app.stage}`,
      request: {
        path: `/admin/rating-follow-ups/${app.applicationId}/handle`,
        pathParameters: { applicationId: app.applicationId },
        body: { action: '越权', outcome: 'resolved' },
      },
      partition: app.applicationId,
      expected: () => ({ permitted: true }),
    })),
    {
      label: 'an unknown application',
      request: {
        path: `/admin/rating-follow-ups/${unknownApplicationId}/handle`,
        pathParameters: { applicationId: unknownApplicationId },
        body: { action: '越权', outcome: 'resolved' },
      },
      partition: unknownApplicationId,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    },
  ],
  'GET /admin/reports/satisfaction': () => [adminRead('/admin/reports/satisfaction')],

  'GET /admin/reports/projects': () => [adminRead('/admin/reports/projects')],
  'GET /admin/reports/tickets': () => [adminRead('/admin/reports/tickets')],

  'POST /applications': () =>
    [...enterprises, unknownEnterpriseId, undefined].map((enterpriseId) => ({
      label: `for ${enterpriseId ?? 'no named enterprise'}`,
      request: {
        path: '/applications',
        body: {
          projectName: '越权申报',
          projectType: 'industrial',
          track: 'regular',
          landParcel: { parcelId: 'X-1', areaMu: 1, location: '某地' },
          investmentYuan: 1,
          requiredPermits: ['construction'],
          documents: [],
          ...(enterpriseId ? { enterpriseId } : {}),
        },
      },
      partition: undefined,
      expected: (p) => {
        const target = enterpriseId ?? (has(p, 'enterprise') ? p.enterpriseId : undefined);
        if (target === undefined) return { status: 400, code: 'VALIDATION_FAILED' };
        return actsFor(p, target) ? { permitted: true } : { status: 403, code: 'FORBIDDEN' };
      },
    })),

  'GET /applications': (world) =>
    [...enterprises, unknownEnterpriseId, undefined].map((enterpriseId) => ({
      label: `of ${enterpriseId ?? 'the caller'}`,
      request: {
        path: '/applications',
        queryStringParameters: { limit: '100', ...(enterpriseId ? { enterpriseId } : {}) },
      },
      partition: undefined,
      expected: (p) => {
        const listed = (ids: string[]): Expected => ({
          status: 200,
          check: (body) => {
            const items = (body as { items: { applicationId: string }[] }).items;
            expect(items.map((a) => a.applicationId).sort()).toEqual(ids.sort());
          },
        });
        const visibleOf = (e: string) =>
          world.applications.filter((a) => a.enterpriseId === e && sees(p, a)).map((a) => a.applicationId);
        if (enterpriseId === undefined) {
          const own = enterprises.filter((e) => actsFor(p, e));
          return own.length > 0 ? listed(own.flatMap(visibleOf)) : { status: 400, code: 'VALIDATION_FAILED' };
        }
        if (has(p, 'administrator') || has(p, 'window-clerk') || actsFor(p, enterpriseId)) {
          return listed(visibleOf(enterpriseId));
        }
        if (has(p, 'department-officer')) return listed(visibleOf(enterpriseId));
        return { status: 404, code: 'NOT_FOUND' };
      },
    })),

  // 检索: everything the caller may see and nothing else, whatever department it names.
  'GET /applications/search': (world) =>
    [...departments, unknownDepartment, undefined].map((department) => ({
      label: `of ${department ?? 'every department'}`,
      request: {
        path: '/applications/search',
        queryStringParameters: { limit: '100', ...(department ? { department } : {}) },
      },
      partition: undefined,
      expected: (p) => ({
        status: 200,
        check: (body) => {
          const items = (body as { items: { applicationId: string }[] }).items;
          const named = (app: SeededApplication) =>
            department === undefined || app.steps.some((s) => s.department === department);
          const own =
            !has(p, 'department-officer') || department === undefined || department === p.department;
          const wanted = world.applications.filter((a) => sees(p, a) && named(a) && own);
          expect(items.map((a) => a.applicationId).sort()).toEqual(wanted.map((a) => a.applicationId).sort());
        },
      }),
    })),

  'GET /applications/{applicationId}': perApplication('', undefined, readsApplication),

  'POST /applications/{applicationId}/intake-decision': perApplication(
    '/intake-decision',
    { outcome: 'refuse', reason: '越权' },
    () => ({ permitted: true }),
  ),

  'POST /applications/{applicationId}/supplement': perApplication(
    '/supplement',
    {
      documents: [
        { documentId: 'doc-x', kind: 'site-plan', name: 'x.pdf', sizeBytes: 1, sha256: 'b'.repeat(64) },
      ],
    },
    () => ({ permitted: true }),
  ),

  'POST /applications/{applicationId}/commitment': perApplication(
    '/commitment',
    { indicators: { 'investment-per-mu-yuan': 1 } },
    () => ({ permitted: true }),
  ),

  'GET /inbox': (world) =>
    [...departments, unknownDepartment, undefined].map((department) => ({
      label: `of ${department ?? 'the caller'}`,
      request: {
        path: '/inbox',
        queryStringParameters: { limit: '100', ...(department ? { department } : {}) },
      },
      partition: undefined,
      expected: (p) => {
        const readable = [
          ...(has(p, 'window-clerk') ? ['window'] : []),
          ...(has(p, 'department-officer') ? [p.department!] : []),
        ];
        const inbox = (d: string): Expected => ({
          status: 200,
          check: (body) => {
            const items = (body as { items: { applicationId: string; stepId: string }[] }).items;
            const open = world.applications.flatMap((a) =>
              a.steps.filter((s) => s.status === 'open' && s.department === d),
            );
            expect(items.map((s) => `${s.applicationId}/${s.stepId}`).sort()).toEqual(
              open.map((s) => `${s.applicationId}/${s.stepId}`).sort(),
            );
          },
        });
        if (department === undefined) {
          return readable.length === 1 && !has(p, 'administrator')
            ? inbox(readable[0]!)
            : { status: 400, code: 'VALIDATION_FAILED' };
        }
        return has(p, 'administrator') || readable.includes(department)
          ? inbox(department)
          : { status: 403, code: 'FORBIDDEN' };
      },
    })),

  'POST /applications/{applicationId}/steps/{stepId}/decision': (world) => {
    const request = (applicationId: string, stepId: string): ApiEventInput => ({
      path: `/applications/${applicationId}/steps/${stepId}/decision`,
      pathParameters: { applicationId, stepId },
      body: { outcome: 'reject', reason: '越权' },
    });
    const unknownApp = request(unknownApplicationId, 'review-construction-1');
    return [
      ...world.applications.flatMap((app) =>
        [...app.steps.map((s) => s.stepId), unknownStepId].map<Case>((stepId) => ({
          label: `${app.enterpriseId} ${app.stage} ${stepId}`,
          request: request(app.applicationId, stepId),
          partition: app.applicationId,
          expected: (p) => {
            if (!sees(p, app)) return { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknownApp };
            const step = app.steps.find((s) => s.stepId === stepId);
            if (!step) return { status: 404, code: 'NOT_FOUND' };
            const own =
              (step.kind === 'review' || step.kind === 'verification') && step.department === p.department;
            return own ? { permitted: true } : { status: 403, code: 'FORBIDDEN' };
          },
        })),
      ),
      {
        label: 'unknown application',
        request: unknownApp,
        partition: unknownApplicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  },

  // 指派/认领: an officer claims only its own department's review and verification steps; whatever it may not
  // see is unknown to it (404), a step it sees but does not hold work on is refused (403).
  'POST /applications/{applicationId}/steps/{stepId}/assignment': ownDepartmentStep('/assignment', {
    action: 'claim',
  }),
  // Art. 45 excluded time: recorded by the hands that decide the step, on nothing else.
  'POST /applications/{applicationId}/steps/{stepId}/exclusions': ownDepartmentStep('/exclusions', {
    kind: 'hearing',
    start: '2025-03-03T02:00:00.000Z',
    end: '2025-03-03T03:00:00.000Z',
  }),

  // 批量转办: each item answered as a single assignment would be; the world's officers lead nothing, so every
  // item is refused (404 what they may not see, 403 the rest) and nothing changes.
  'POST /steps/bulk-assignment': (world) => {
    const items = [
      ...world.applications.flatMap((app) =>
        app.steps.map((s) => ({ applicationId: app.applicationId, stepId: s.stepId, app })),
      ),
      { applicationId: unknownApplicationId, stepId: unknownStepId, app: undefined },
    ];
    return [
      {
        label: 'every step of the world',
        request: {
          path: '/steps/bulk-assignment',
          body: {
            assignee: 'officer-hc',
            reason: '越权',
            items: items.map(({ applicationId, stepId }) => ({ applicationId, stepId })),
          },
        },
        partition: undefined,
        expected: (p) => ({
          status: 200,
          check: (body) => {
            const results = (body as { results: { status: number }[]; succeeded: number }).results;
            expect(results.map((r) => r.status)).toEqual(
              items.map(({ app }) => (app && sees(p, app) ? 403 : 404)),
            );
          },
        }),
      },
    ];
  },

  // 代理: an officer declares only its own absence (the path says `me`; there is no one else's to reach).
  'POST /officers/me/absences': () => [
    {
      label: 'its own absence',
      request: {
        path: '/officers/me/absences',
        body: { from: '2030-01-01T00:00:00.000Z', to: '2030-01-02T00:00:00.000Z', substitute: 'officer-hc' },
      },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],

  // 督办单: administrators issue (their writes are permitted: the denial suite does not call them); a department
  // officer answers only its department's orders, and an order it cannot answer is not found, whatever the
  // application (the world holds no orders: every one named here is unknown, as another department's would be).
  'POST /applications/{applicationId}/supervision-orders': perApplication(
    '/supervision-orders',
    { stepId: unknownStepId, reason: '越权督办', limitWorkingDays: 1 },
    () => ({ permitted: true }),
  ),
  'POST /applications/{applicationId}/supervision-orders/{orderId}/answer': (world) =>
    [...world.applications.map((app) => app.applicationId), unknownApplicationId].map((applicationId) => ({
      label: `an order of ${applicationId}`,
      request: {
        path: `/applications/${applicationId}/supervision-orders/sup-foreign/answer`,
        pathParameters: { applicationId, orderId: 'sup-foreign' },
        body: { response: '越权答复' },
      },
      partition: applicationId,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    })),
  'GET /supervision-orders': () => [
    {
      label: "the caller's department's (administrators: all)",
      request: { path: '/supervision-orders', queryStringParameters: { limit: '100' } },
      partition: undefined,
      expected: (p) => ({
        status: 200,
        check: (body) => {
          const items = (body as { items: { department: string }[] }).items;
          if (!has(p, 'administrator')) expect(items.every((o) => o.department === p.department)).toBe(true);
        },
      }),
    },
  ],

  'POST /applications/{applicationId}/verification-decision': perApplication(
    '/verification-decision',
    { outcome: 'failed', reason: '越权' },
    (p, app) => {
      const verification = app.steps.find((s) => s.kind === 'verification');
      if (!verification) return { status: 409, code: 'STEP_NOT_OPEN' };
      return verification.department === p.department
        ? { permitted: true }
        : { status: 403, code: 'FORBIDDEN' };
    },
  ),

  'GET /applications/{applicationId}/permits': perApplication('/permits', undefined, (_p, app) =>
    app.application.permits?.length
      ? {
          status: 200,
          check: (body) =>
            expect(body).toMatchObject({ applicationId: app.applicationId, permits: expect.any(Array) }),
        }
      : { status: 404, code: 'NOT_FOUND' },
  ),

  // Documents (材料): the enterprise side files; everyone who sees the application reads; a download writes its
  // audit event, so a permitted download is not attempted here (test/documents covers it) and an unknown
  // document answers 404 without writing.
  'POST /applications/{applicationId}/documents': perApplication(
    '/documents',
    {
      kind: 'site-plan',
      name: 'x.pdf',
      sizeBytes: 10,
      sha256: 'b'.repeat(64),
      contentType: 'application/pdf',
    },
    () => ({ permitted: true }),
  ),
  'POST /applications/{applicationId}/documents/{documentId}/versions/{version}/confirm': perDocument(
    (id) => ({
      path: `/applications/${id}/documents/doc-unknown/versions/1/confirm`,
      pathParameters: { applicationId: id, documentId: 'doc-unknown', version: '1' },
    }),
  ),
  'GET /applications/{applicationId}/documents': perApplication('/documents', undefined, (_p, app) => ({
    status: 200,
    check: (body) => expect(body).toEqual({ applicationId: app.applicationId, documents: [] }),
  })),
  'GET /applications/{applicationId}/documents/{documentId}/download': perDocument((id) => ({
    path: `/applications/${id}/documents/doc-unknown/download`,
    pathParameters: { applicationId: id, documentId: 'doc-unknown' },
  })),
  'GET /applications/{applicationId}/permits/{certificateNo}/certificate': (world) => {
    const request = (applicationId: string, certificateNo: string): ApiEventInput => ({
      path: `/applications/${applicationId}/permits/${certificateNo}/certificate`,
      pathParameters: { applicationId, certificateNo },
    });
    const unknownApp = request(unknownApplicationId, 'SGXK-2025-000000000000');
    return [
      ...world.applications.flatMap((app) =>
        (app.application.permits ?? []).map<Case>((permit) => ({
          label: `${app.enterpriseId} ${app.stage} ${permit.certificateNo}`,
          request: request(app.applicationId, permit.certificateNo),
          partition: app.applicationId,
          expected: (p) =>
            sees(p, app)
              ? { permitted: true }
              : { status: 404, code: 'NOT_FOUND', sameAsUnknown: unknownApp },
        })),
      ),
      {
        label: "another application's certificate",
        request: request(
          world.byStage('ent-a', 'review').applicationId,
          world.byStage('ent-b', 'issued').application.permits![0]!.certificateNo,
        ),
        partition: world.byStage('ent-a', 'review').applicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
      {
        label: 'unknown application',
        request: unknownApp,
        partition: unknownApplicationId,
        expected: () => ({ status: 404, code: 'NOT_FOUND' }),
      },
    ];
  },
  // 电子证照核验: public, and it discloses the permit, never the application or the enterprise.
  'GET /verify/{certificateNo}': (world) => [
    ...world.applications.flatMap((app) =>
      (app.application.permits ?? []).map<Case>((permit) => ({
        label: `${app.enterpriseId} ${app.stage} ${permit.certificateNo}`,
        request: {
          path: `/verify/${permit.certificateNo}`,
          pathParameters: { certificateNo: permit.certificateNo },
        },
        partition: undefined,
        expected: () => ({
          status: 200,
          check: (body) => {
            expect(body).toMatchObject({ certificateNo: permit.certificateNo, status: 'valid' });
            const text = JSON.stringify(body);
            for (const other of world.applications) expect(text).not.toContain(other.applicationId);
            for (const enterpriseId of enterprises) expect(text).not.toContain(enterpriseId);
          },
        }),
      })),
    ),
    {
      label: 'unknown certificate',
      request: {
        path: '/verify/SGXK-2025-000000000000',
        pathParameters: { certificateNo: 'SGXK-2025-000000000000' },
      },
      partition: undefined,
      expected: () => ({
        status: 200,
        check: (body) => expect(body).toEqual({ certificateNo: 'SGXK-2025-000000000000', status: 'unknown' }),
      }),
    },
  ],

  // Administrators' reads: every application and every figure, to administrators only (403 for anyone else,
  // by the role rule, before anything is read).
  'GET /admin/reports/steps': () => [adminRead('/admin/reports/steps')],
  'GET /admin/reports/applications': () => [adminRead('/admin/reports/applications')],
  'GET /admin/reports/overdue': () => [adminRead('/admin/reports/overdue')],
  'GET /admin/calendar': () => [adminRead('/admin/calendar')],
  'GET /admin/applications/{applicationId}/timeline': (world) => [
    ...world.applications.map<Case>((app) => ({
      label: `${app.enterpriseId} ${app.stage}`,
      request: {
        path: `/admin/applications/${app.applicationId}/timeline`,
        pathParameters: { applicationId: app.applicationId },
      },
      partition: app.applicationId,
      expected: () => ({
        status: 200,
        check: (body) => expect(JSON.stringify(body)).toContain(app.applicationId),
      }),
    })),
    {
      label: 'unknown application',
      request: {
        path: `/admin/applications/${unknownApplicationId}/timeline`,
        pathParameters: { applicationId: unknownApplicationId },
      },
      partition: unknownApplicationId,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    },
  ],

  // Configuration: administrators only; anyone else is refused by the role rule before the body is read.
  'PUT /admin/calendar/years/{year}': () => [
    {
      label: 'load a year',
      request: { path: '/admin/calendar/years/2027', pathParameters: { year: '2027' }, body: { year: 2027 } },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],
  'POST /admin/calendar/local-rest-days': () => [
    {
      label: 'add a rest day',
      request: { path: '/admin/calendar/local-rest-days', body: { add: [{ date: '2025-08-01' }] } },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],

  'GET /admin/service-config': () => [adminRead('/admin/service-config')],
  'PUT /admin/service-config': () => [
    {
      // A stale revision: permitted callers reach the core and get 409, nothing changes for the other cases.
      label: 'write a configuration version',
      request: {
        path: '/admin/service-config',
        body: { expectedRevision: 999_999, config: DEFAULT_SERVICE_CONFIG },
      },
      partition: undefined,
      expected: () => ({ status: 409, code: 'STALE_VERSION' }),
    },
  ],
  'GET /admin/parcels': () => [adminRead('/admin/parcels')],
  'PUT /admin/parcels/{parcelId}': () => [
    {
      label: 'register a parcel',
      request: {
        path: '/admin/parcels/ISO-2025-01',
        pathParameters: { parcelId: 'ISO-2025-01' },
        body: {
          areaMu: 10,
          location: '隔离测试地块',
          indicators: { 'investment-per-mu-yuan': { control: 1_000_000, bound: 'min' } },
        },
      },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],
  'POST /admin/parcels/{parcelId}/grant': () => [
    {
      label: 'grant an unregistered parcel',
      request: {
        path: '/admin/parcels/ISO-UNKNOWN/grant',
        pathParameters: { parcelId: 'ISO-UNKNOWN' },
        body: { enterpriseId: 'ent-1', landAcquiredOn: '2025-03-03', expectedVersion: 1 },
      },
      partition: undefined,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    },
  ],
  // The notification centre (通知): each person's own, keyed by the caller's user id; nothing names anyone else.
  'GET /notifications': (world) => [
    {
      label: "the caller's own centre",
      request: { path: '/notifications', queryStringParameters: { limit: '100' } },
      partition: undefined,
      expected: (p) => ({
        status: 200,
        check: (body) => {
          const items = (body as { items: { notificationId: string; userId: string }[] }).items;
          expect(items.every((n) => n.userId === p.userId)).toBe(true);
          expect(items.map((n) => n.notificationId).sort()).toEqual(
            (world.notifications.get(p.userId) ?? []).map((n) => n.notificationId).sort(),
          );
        },
      }),
    },
  ],
  'GET /notifications/unread-count': (world) => [
    {
      label: "the caller's own count",
      request: { path: '/notifications/unread-count' },
      partition: undefined,
      expected: (p) => ({
        status: 200,
        check: (body) => expect(body).toEqual({ unread: (world.notifications.get(p.userId) ?? []).length }),
      }),
    },
  ],
  'POST /notifications/{notificationId}/read': (world) => [
    // Everyone's first notification: another person's answers 404 as an unknown id would, and changes nothing.
    ...[...world.notifications.entries()].flatMap(([owner, items]) =>
      items.slice(0, 1).map<Case>((n) => ({
        label: `${owner}'s ${n.kind}`,
        request: {
          path: `/notifications/${n.notificationId}/read`,
          pathParameters: { notificationId: n.notificationId },
        },
        partition: undefined,
        expected: (p) => (p.userId === owner ? { permitted: true } : { status: 404, code: 'NOT_FOUND' }),
      })),
    ),
    {
      label: 'an unknown notification',
      request: {
        path: `/notifications/${unknownNotificationId}/read`,
        pathParameters: { notificationId: unknownNotificationId },
      },
      partition: undefined,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    },
  ],
  'GET /notifications/preferences': () => [
    {
      label: "the caller's own preferences",
      request: { path: '/notifications/preferences' },
      partition: undefined,
      expected: () => ({
        status: 200,
        check: (body) => expect(body).toMatchObject({ version: 0, preferences: { email: true } }),
      }),
    },
  ],
  'PUT /notifications/preferences': () => [
    {
      label: "the caller's own preferences",
      request: { path: '/notifications/preferences', body: { preferences: { sms: false }, version: 0 } },
      partition: undefined,
      expected: () => ({ permitted: true }),
    },
  ],

  // --- The public face (services/public): the same answer for everyone, nothing of a case -----------------
  'GET /public/guides': (world) => [
    publicRead(world, 'the guides', { path: '/public/guides' }, (body) =>
      expect(body).toMatchObject({ guides: expect.arrayContaining([expect.anything()]) }),
    ),
  ],
  'GET /public/guides/{permitType}': (world) => [
    publicRead(
      world,
      'the construction permit',
      { path: '/public/guides/construction', pathParameters: { permitType: 'construction' } },
      (body) => expect(body).toMatchObject({ permitType: 'construction' }),
    ),
    {
      label: 'a permit the catalogue does not have',
      request: { path: '/public/guides/fishing', pathParameters: { permitType: 'fishing' } },
      partition: undefined,
      expected: () => ({ status: 404, code: 'NOT_FOUND' }),
    },
  ],
  'GET /public/performance': (world) => [
    publicRead(
      world,
      'the published figures',
      { path: '/public/performance', queryStringParameters: { month: '2025-03' } },
      (body) => expect(body).toMatchObject({ month: '2025-03' }),
    ),
  ],
  'GET /public/notices': (world) => [
    // 公示: the issued permits of both enterprises, the same page for everyone, signed in or not. The enterprise
    // is published as its certificate names it (its id: the credit code in a deployment), in `enterprise` only.
    ...noticeQueries.map<Case>((query) => ({
      label: `the notices ${JSON.stringify(query)}`,
      request: { path: '/public/notices', queryStringParameters: { ...query, limit: '100' } },
      partition: undefined,
      expected: () => ({
        status: 200,
        check: (body) => {
          const { items } = body as { items: Record<string, unknown>[] };
          const issued = world.applications.flatMap((a) => a.application.permits ?? []);
          const shown = new Set(items.map((n) => n.certificateNo));
          expect(issued.length).toBeGreaterThan(0);
          for (const permit of issued) {
            if (JSON.stringify(query).includes('SGXK') && !permit.certificateNo.startsWith('SGXK')) continue;
            if ('department' in query && permit.permitType !== 'construction') continue;
            expect(shown, permit.certificateNo).toContain(permit.certificateNo);
          }
          const text = JSON.stringify(items.map(({ enterprise: _published, ...rest }) => rest));
          for (const app of world.applications) expect(text).not.toContain(app.applicationId);
          for (const enterpriseId of enterprises) expect(text).not.toContain(enterpriseId);
          for (const principal of Object.values(principals))
            expect(text).not.toContain(`"${principal.userId}"`);
        },
      }),
    })),
    {
      label: 'a bad filter',
      request: { path: '/public/notices', queryStringParameters: { kind: 'secret' } },
      partition: undefined,
      expected: () => ({ status: 400, code: 'VALIDATION_FAILED' }),
    },
  ],
  // --- end of the public face ------------------------------------------------------------------------------

  'GET /openapi.json': (world) => [
    {
      label: 'the document',
      request: { path: '/openapi.json' },
      partition: undefined,
      expected: () => ({
        status: 200,
        check: (body) => {
          const text = JSON.stringify(body);
          for (const app of world.applications) expect(text).not.toContain(app.applicationId);
          for (const enterpriseId of enterprises) expect(text).not.toContain(enterpriseId);
        },
      }),
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------

let table: TestTable;
let world: World;
let initial: Record<string, unknown>[];
const routeRoles = new Map<string, readonly string[] | 'public'>();
const tally = { denied: 0, reads: 0, permittedSkipped: 0 };

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  world = await buildWorld(table, { s3Endpoint: inject('s3Endpoint') });
  for (const [key, module] of await loadHandlerModules()) routeRoles.set(key, module.route.roles);
  initial = await world.scanAll();
}, 120_000);

afterAll(async () => {
  console.info(
    `tenant isolation: ${tally.denied} denied calls, ${tally.reads} permitted reads checked, ` +
      `${tally.permittedSkipped} permitted writes not attempted`,
  );
  await table?.drop();
});

describe('the tenant-isolation matrix', () => {
  it('has an entry for every route of the route table, and none for a route that is gone', () => {
    expect(Object.keys(routeCases).sort()).toEqual(apiRoutes.map(routeKey).sort());
  });

  it('gave every person notifications of their own to be kept from the others', () => {
    // (Administrators hear of escalations (督办) only; this world has none, so their centre stays empty.)
    for (const name of ['entA', 'entB', 'agentA', 'clerk', 'officerNR', 'officerHC', 'officerRER'] as const) {
      expect(world.notifications.get(principals[name].userId), name).not.toEqual([]);
    }
  });

  it('was seeded with applications in every stage, for both enterprises', () => {
    expect(world.applications).toHaveLength(10);
    expect(world.byStage('ent-b', 'review').steps.filter((s) => s.status === 'open')).toHaveLength(2);
    expect(world.byStage('ent-b', 'issued').application.permits).toHaveLength(2);
    expect(world.byStage('ent-b', 'verification').steps.find((s) => s.kind === 'verification')).toMatchObject(
      {
        status: 'open',
        department: 'natural-resources',
      },
    );
  });
});

describe.each(apiRoutes.map((route) => [routeKey(route), route] as const))('%s', (key, route) => {
  it.each(principalNames.map((name) => [name]))('as %s: no foreign resource answers data', async (name) => {
    const cases = (routeCases[key] ?? (() => []))(world);
    expect(cases.length, `no cases for ${key}`).toBeGreaterThan(0);
    for (const c of cases) await check(route, name, c);
  });
});

describe('cursors', () => {
  it("never continue a listing into another enterprise's or department's partition", async () => {
    // Prepare: genuine cursors of B's applications (read by the window) and of the housing inbox.
    const list = apiRoutes.find((r) => routeKey(r) === 'GET /applications')!;
    const inbox = apiRoutes.find((r) => routeKey(r) === 'GET /inbox')!;
    const ofB = await world.call(list, 'clerk', {
      path: '/applications',
      queryStringParameters: { enterpriseId: 'ent-b', limit: '1' },
    });
    const ofHousing = await world.call(inbox, 'officerHC', {
      path: '/inbox',
      queryStringParameters: { limit: '1' },
    });
    expect(ofB.body.cursor).toEqual(expect.any(String));
    expect(ofHousing.body.cursor).toEqual(expect.any(String));

    // Act
    const answers = [
      await world.call(list, 'entA', {
        path: '/applications',
        queryStringParameters: { cursor: ofB.body.cursor },
      }),
      await world.call(list, 'clerk', {
        path: '/applications',
        queryStringParameters: { enterpriseId: 'ent-a', cursor: ofB.body.cursor },
      }),
      await world.call(inbox, 'officerNR', {
        path: '/inbox',
        queryStringParameters: { cursor: ofHousing.body.cursor },
      }),
    ];

    // Assess
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_CURSOR');
      assertDenial(answer, 'cursor');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Cursors on every paged route: each principal's genuine cursors, tampered with and replayed by everyone else.

const pagedRoutes = apiRoutes.filter((route) => route.paged === true);
const listQueries: Record<string, string>[] = [
  {},
  ...enterprises.map((enterpriseId) => ({ enterpriseId })),
  ...departments.map((department) => ({ department })),
];

interface IssuedCursor {
  principal: Exclude<PrincipalName, 'anonymous'>;
  query: Record<string, string>;
  cursor: string;
}

/** Every cursor a principal gets on the route, one per list it may read (pages of one item). */
async function issuedCursors(route: ApiRoute): Promise<IssuedCursor[]> {
  const issued: IssuedCursor[] = [];
  for (const principal of principalNames) {
    if (principal === 'anonymous') continue;
    for (const query of listQueries) {
      const answer = await world.call(route, principal, {
        path: route.path,
        queryStringParameters: { ...query, limit: '1' },
      });
      if (answer.statusCode === 200 && typeof answer.body.cursor === 'string') {
        issued.push({ principal, query, cursor: answer.body.cursor });
      }
    }
  }
  return issued;
}

/** Cursors one edit away from a genuine one: a flipped bit anywhere, cut, lengthened, re-labelled, re-encoded. */
function tamperedCursors(cursor: string): [string, string][] {
  const [prefix, body] = cursor.split('.') as [string, string];
  const bytes = Buffer.from(body, 'base64url');
  const flip = (i: number) => {
    const copy = Buffer.from(bytes);
    copy[i] = copy[i]! ^ 0x01;
    return `${prefix}.${copy.toString('base64url')}`;
  };
  // base64's last character may carry unused bits: another character there can decode to the same bytes.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const sameBytes = [...alphabet]
    .map((c) => `${body.slice(0, -1)}${c}`)
    .find((other) => other !== body && Buffer.from(other, 'base64url').equals(bytes));
  return [
    ...(sameBytes
      ? [['the last character changed, the bytes not', `${prefix}.${sameBytes}`] as [string, string]]
      : []),
    ['a bit of the nonce flipped', flip(0)],
    ['a bit of the sealed key flipped', flip(12)],
    ['a bit in the middle flipped', flip(Math.floor(bytes.length / 2))],
    ['a bit of the tag flipped', flip(bytes.length - 1)],
    ['cut short', cursor.slice(0, -4)],
    ['lengthened', `${cursor}AAAA`],
    ['another version', `v2.${body}`],
    ['no version', body],
    ['two cursors joined', `${cursor}.${body}`],
    ['the key in the clear', Buffer.from('{"pk":"APP#x","sk":"A"}').toString('base64url')],
  ];
}

describe.each(pagedRoutes.map((route) => [routeKey(route), route] as const))(
  'cursors of %s',
  (_key, route) => {
    it('are issued to several principals and lists, and continue for the one they were issued to', async () => {
      // Act
      const issued = await issuedCursors(route);

      // Assess
      // Two principals at least, or every reader when fewer may read the list (an administrators' list).
      const readers = principalNames.filter(
        (name) =>
          name !== 'anonymous' &&
          (route.roles === 'public' ||
            route.roles.some((role) => principals[name].roles.includes(role as never))),
      );
      expect(new Set(issued.map((c) => c.principal)).size).toBeGreaterThanOrEqual(
        Math.min(2, readers.length),
      );
      for (const { principal, query, cursor } of issued) {
        const next = await world.call(route, principal, {
          path: route.path,
          queryStringParameters: { ...query, limit: '1', cursor },
        });
        expect(next.statusCode, `${principal} ${JSON.stringify(query)}`).toBe(200);
      }
    });

    it('refuse any tampering with 400 INVALID_CURSOR', async () => {
      for (const { principal, query, cursor } of await issuedCursors(route)) {
        for (const [label, tampered] of tamperedCursors(cursor)) {
          // Act
          const answer = await world.call(route, principal, {
            path: route.path,
            queryStringParameters: { ...query, limit: '1', cursor: tampered },
          });

          // Assess
          const what = `${principal} ${JSON.stringify(query)}: ${label}`;
          expect(answer.statusCode, what).toBe(400);
          expect(answer.body.error.code, what).toBe('INVALID_CURSOR');
          assertDenial(answer, what);
        }
      }
    });

    it("refuse a replay by anyone else, on the issuer's list or their own, and never answer data", async () => {
      const issued = await issuedCursors(route);
      const readable = async (principal: PrincipalName, query: Record<string, string>) =>
        (
          await world.call(route, principal, {
            path: route.path,
            queryStringParameters: { ...query, limit: '1' },
          })
        ).statusCode === 200;
      for (const { principal: issuer, query, cursor } of issued) {
        for (const replayer of principalNames) {
          if (replayer === issuer) continue;
          const ownQuery = issued.find((c) => c.principal === replayer)?.query ?? {};
          for (const replayQuery of [query, ownQuery]) {
            // Act
            const answer = await world.call(route, replayer, {
              path: route.path,
              queryStringParameters: { ...replayQuery, limit: '1', cursor },
            });

            // Assess: on a list the replayer may read, the cursor is refused as one; on any other, the list is.
            const what = `${issuer}'s cursor of ${JSON.stringify(query)} replayed by ${replayer} on ${JSON.stringify(replayQuery)}`;
            if (route.public && JSON.stringify(replayQuery) === JSON.stringify(query)) {
              // A public list is the same for everyone and CloudFront hands its cached pages, cursors included, to
              // any visitor: its cursor is bound to the list (filters) only, and continues it for anyone.
              const own = await world.call(route, issuer, {
                path: route.path,
                queryStringParameters: { ...query, limit: '1', cursor },
              });
              expect(answer.statusCode, what).toBe(200);
              expect(answer.body.items, what).toEqual(own.body.items);
              continue;
            }
            if (await readable(replayer, replayQuery)) {
              expect(answer.statusCode, what).toBe(400);
              expect(answer.body.error.code, what).toBe('INVALID_CURSOR');
            } else {
              expect([400, 401, 403, 404], what).toContain(answer.statusCode);
            }
            assertDenial(answer, what);
          }
        }
      }
    });
  },
);

describe("a department officer's listing of an enterprise", () => {
  it.each(
    (['officerNR', 'officerHC', 'officerRER'] as const).flatMap((officer) =>
      enterprises.map((enterpriseId) => [officer, enterpriseId] as const),
    ),
  )(
    '%s on %s: pages hold only its applications, and no cursor leads past one it was not given',
    async (officer, enterpriseId) => {
      // Prepare
      const list = apiRoutes.find((r) => routeKey(r) === 'GET /applications')!;
      const department = principals[officer].department;
      const expected = world.applications
        .filter((a) => a.enterpriseId === enterpriseId && a.steps.some((s) => s.department === department))
        .map((a) => a.applicationId)
        .sort();

      // Act: follow the cursor one item at a time.
      const seen: string[] = [];
      const pages: { items: number; cursor: boolean }[] = [];
      let cursor: string | undefined;
      do {
        const page = await world.call(list, officer, {
          path: '/applications',
          queryStringParameters: { enterpriseId, limit: '1', ...(cursor ? { cursor } : {}) },
        });
        expect(page.statusCode).toBe(200);
        seen.push(...page.body.items.map((a: { applicationId: string }) => a.applicationId));
        cursor = page.body.cursor;
        pages.push({ items: page.body.items.length, cursor: cursor !== undefined });
      } while (cursor && pages.length < 20);

      // Assess: exactly its applications; every page that hands a cursor on also handed an application.
      expect(seen.sort()).toEqual(expected);
      expect(pages.filter((p) => p.cursor && p.items === 0)).toEqual([]);
    },
  );
});

describe('after the whole matrix', () => {
  it('left the table exactly as seeded, started no workflow and sent no decision', async () => {
    expect(await world.scanAll()).toEqual(initial);
    expect(world.recorded).toEqual({ started: [], callbacks: [] });
  });
});

async function check(route: ApiRoute, name: PrincipalName, c: Case): Promise<void> {
  const label = `${routeKey(route)} as ${name}: ${c.label}`;
  const roles = routeRoles.get(routeKey(route))!;
  const principal: Principal = name === 'anonymous' ? { userId: 'anonymous', roles: [] } : principals[name];

  let expected: Expected;
  if (roles === 'public') expected = c.expected(principal);
  else if (name === 'anonymous') expected = { status: 401, code: 'UNAUTHORIZED' };
  else if (!roles.some((role) => principal.roles.includes(role as never)))
    expected = { status: 403, code: 'FORBIDDEN' };
  else expected = c.expected(principal);

  if ('permitted' in expected) {
    tally.permittedSkipped += 1;
    return;
  }

  const before = await snapshot(c.partition);
  const result = await world.call(route, name, c.request);
  const after = await snapshot(c.partition);

  expect(result.statusCode, `${label}: ${result.rawBody}`).toBe(expected.status);
  expect(after, `${label}: wrote to the table`).toEqual(before);
  expect(world.recorded, `${label}: reached the workflow`).toEqual({ started: [], callbacks: [] });

  if (expected.status === 200) {
    tally.reads += 1;
    expected.check(result.body);
    return;
  }
  tally.denied += 1;
  assertDenial(result, label);
  if (expected.code !== undefined) expect(result.body.error.code, label).toBe(expected.code);
  if (expected.sameAsUnknown !== undefined) {
    const unknown = await world.call(route, name, expected.sameAsUnknown);
    const id = c.request.pathParameters?.applicationId ?? c.request.pathParameters?.projectId ?? '';
    expect(result.statusCode, label).toBe(unknown.statusCode);
    expect(result.body.error.code, label).toBe(unknown.body.error.code);
    expect(result.body.error.message.replaceAll(id, '<id>'), label).toBe(
      unknown.body.error.message
        .replaceAll(unknownApplicationId, '<id>')
        .replaceAll(unknownProjectId, '<id>'),
    );
  }
}

/** A denial carries an error and nothing else: no application, step, permit or list of them. */
function assertDenial(result: ApiResult, label: string): void {
  expect(Object.keys(result.body ?? {}), label).toEqual(['error']);
  expect(Object.keys(result.body.error).sort(), label).toEqual(
    expect.arrayContaining(['code', 'correlationId', 'message']),
  );
  for (const app of world.applications) {
    if (!result.rawBody?.includes(app.applicationId)) continue;
    // Only the ID the caller itself sent may come back in the message.
    expect(result.body.error.message, label).toContain(app.applicationId);
  }
}

async function snapshot(partition: string | undefined): Promise<unknown> {
  if (partition === undefined) return world.scanAll();
  const page = await world.table.client.send(
    new QueryCommand({
      TableName: world.table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition.includes('#') ? partition : `APP#${partition}` },
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}
