// "My assigned projects" (我负责的项目, `GET /projects?assigned=me`) on DynamoDB Local through the real route
// handlers: an approval secretary (审批秘书) sees the projects assigned to it and loses one when the service centre
// reassigns it (the same transaction moves the GSI3 key); a department officer sees the projects its department
// has a ticket on; an enterprise asking `assigned=me` gets 400; pages are sealed cursors bound to the caller.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '#shared/auth/principal';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { createHandler as assignPeople } from '#services/projects/handlers/assign-project-people';
import { createHandler as listProjects } from '#services/projects/handlers/list-projects';
import { createHandler as raiseTicket } from '#services/projects/handlers/raise-ticket';
import { createHandler as registerProject } from '#services/projects/handlers/register-project';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { principals, testDeps, type TestDeps } from '#test/support/fixtures';
import { apiEvent, invoke, type ApiResult } from '#test/support/http';
import { at } from '#test/support/sla-clock';

const secretaryA: Principal = { userId: 'secretary-a', roles: ['agency-officer'], agencyFor: [] };
const secretaryB: Principal = { userId: 'secretary-b', roles: ['agency-officer'], agencyFor: [] };

let table: TestTable;
let deps: TestDeps;
let keys = 0;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = testDeps({
    tableName: table.tableName,
    documentClient: table.client,
    calendar: loadOfficialCalendar(),
    newId: () => crypto.randomUUID(),
  });
});
afterAll(() => table?.drop());

type Handler = (runtime: TestDeps) => Parameters<typeof invoke>[0];
async function call(
  create: Handler,
  principal: Principal,
  request: {
    method: string;
    path: string;
    params?: Record<string, string>;
    body?: unknown;
    query?: Record<string, string>;
  },
): Promise<ApiResult> {
  return invoke(
    create(deps),
    apiEvent({
      method: request.method,
      path: request.path,
      routeKey: `${request.method} ${request.path.replace(/prj-[^/]+/, '{projectId}')}`,
      principal,
      ...(request.params ? { pathParameters: request.params } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.query ? { queryStringParameters: request.query } : {}),
      ...(request.method === 'GET' ? {} : { headers: { 'idempotency-key': `k-${++keys}` } }),
    }),
  );
}

const ids = (answer: ApiResult): string[] => answer.body.items.map((p: { projectId: string }) => p.projectId);

async function register(enterpriseId: string, name: string, day: string): Promise<string> {
  deps.setNow(at(`${day}T09:00:00`));
  const answer = await call(registerProject, principals.clerk, {
    method: 'POST',
    path: '/projects',
    body: {
      enterpriseId,
      name,
      industry: 'auto-parts',
      location: '长春经开区',
      plannedInvestmentYuan: 1_000_000,
    },
  });
  expect(answer.statusCode, answer.rawBody).toBe(201);
  return answer.body.projectId;
}

async function assign(projectId: string, secretaryUserId: string | undefined): Promise<void> {
  const answer = await call(assignPeople, principals.clerk, {
    method: 'PUT',
    path: `/projects/${projectId}/people`,
    params: { projectId },
    body: secretaryUserId ? { secretaryUserId } : {},
  });
  expect(answer.statusCode, answer.rawBody).toBe(200);
}

const mine = (who: Principal, query: Record<string, string> = {}) =>
  call(listProjects, who, { method: 'GET', path: '/projects', query: { assigned: 'me', ...query } });

describe('GET /projects?assigned=me', () => {
  const projects: string[] = [];

  beforeAll(async () => {
    // Three projects of two enterprises, registered on three days (the list is newest first).
    projects.push(await register('ent-1', '零部件一期', '2025-03-03'));
    projects.push(await register('ent-2', '零部件二期', '2025-03-04'));
    projects.push(await register('ent-1', '零部件三期', '2025-03-05'));
  });

  it("lists a secretary's projects newest first, and moves one to the new secretary on reassignment", async () => {
    const [first, second, third] = projects as [string, string, string];
    expect(ids(await mine(secretaryA))).toEqual([]);
    await assign(first, secretaryA.userId);
    await assign(second, secretaryA.userId);
    await assign(third, secretaryA.userId);
    expect(ids(await mine(secretaryA))).toEqual([third, second, first]);

    // Paged with a sealed cursor, bound to the caller.
    const page1 = await mine(secretaryA, { limit: '2' });
    expect(ids(page1)).toEqual([third, second]);
    expect(page1.body.cursor).toEqual(expect.any(String));
    const page2 = await mine(secretaryA, { limit: '2', cursor: page1.body.cursor });
    expect(ids(page2)).toEqual([first]);
    const stolen = await mine(secretaryB, { limit: '2', cursor: page1.body.cursor });
    expect(stolen.statusCode).toBe(400);

    // Reassigned by the service centre: gone from A's list, on B's.
    await assign(second, secretaryB.userId);
    expect(ids(await mine(secretaryA))).toEqual([third, first]);
    expect(ids(await mine(secretaryB))).toEqual([second]);

    // No secretary any more: on nobody's list.
    await assign(first, undefined);
    expect(ids(await mine(secretaryA))).toEqual([third]);
  });

  it('lists the projects a department has a ticket on, once each, and none of another department', async () => {
    const [first, , third] = projects as [string, string, string];
    const raise = async (projectId: string, department: string) => {
      const answer = await call(raiseTicket, principals.enterprise, {
        method: 'POST',
        path: `/projects/${projectId}/tickets`,
        params: { projectId },
        body: { title: '用地', description: '红线', category: 'land', department, timeLimitDays: 5 },
      });
      expect(answer.statusCode, answer.rawBody).toBe(201);
    };
    expect(ids(await mine(principals.planning))).toEqual([]);
    await raise(first, 'natural-resources');
    await raise(first, 'natural-resources'); // a second ticket: no second marker, no failed transaction
    await raise(third, 'natural-resources');
    await raise(third, 'real-estate-registration');
    expect(ids(await mine(principals.planning))).toEqual([third, first]);
    const realEstate: Principal = {
      userId: 'officer-re',
      roles: ['department-officer'],
      department: 'real-estate-registration',
    };
    expect(ids(await mine(realEstate))).toEqual([third]);
  });

  it('answers 400 to an enterprise, the window, or assigned=me beside an enterprise', async () => {
    for (const who of [principals.enterprise, principals.clerk]) {
      const refused = await mine(who);
      expect(refused.statusCode).toBe(400);
      expect(refused.body.error.issues[0].path).toBe('assigned');
    }
    const both = await mine(secretaryA, { enterpriseId: 'ent-1' });
    expect(both.statusCode).toBe(400);
    expect(both.body.error.issues[0].path).toBe('enterpriseId');
    // Without `assigned`, the enterprise's own list is as before.
    const own = await call(listProjects, principals.enterprise, { method: 'GET', path: '/projects' });
    expect(ids(own)).toEqual([projects[2], projects[0]]);
  });
});
