// Must-show of issue 13 (A), on DynamoDB Local through the real route handlers: a project registered in reserve
// by the service centre goes to production with two applications filed for it and three problem tickets — one
// solved and confirmed on time, one reopened after the enterprise rejects the fix and then solved late, one
// escalated (挂牌督办) by the SLA sweep — with its timeline and every figure of both reports checked.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import type { Principal } from '#shared/auth/principal';
import { createHandler as actOnTicket } from '#services/projects/handlers/act-on-ticket';
import { createHandler as assignPeople } from '#services/projects/handlers/assign-project-people';
import { createHandler as getProject } from '#services/projects/handlers/get-project';
import { createHandler as listProjects } from '#services/projects/handlers/list-projects';
import { createHandler as raiseTicket } from '#services/projects/handlers/raise-ticket';
import { createHandler as registerProject } from '#services/projects/handlers/register-project';
import { createHandler as reportProgress } from '#services/projects/handlers/report-project-progress';
import { createHandler as submitApplication } from '#services/intake/handlers/submit-application';
import { createHandler as projectReport } from '#services/reports/handlers/get-project-report';
import { createHandler as ticketReport } from '#services/reports/handlers/get-ticket-report';
import { sweepTickets } from '#services/sla/core/sweep-tickets';
import { adoptApplications } from '#services/projects/core/adopt-applications';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { principals, submission, testDeps, type TestDeps } from '#test/support/fixtures';
import { apiEvent, invoke, lambdaContext, type ApiResult } from '#test/support/http';
import { at } from '#test/support/sla-clock';

/** The approval secretary the service centre assigns: an agency officer who does not represent ent-1 by token. */
const secretary: Principal = { userId: 'secretary-9', roles: ['agency-officer'], agencyFor: [] };
const realEstate: Principal = {
  userId: 'officer-re',
  roles: ['department-officer'],
  department: 'real-estate-registration',
};

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
    workflow: {
      startExecution: async (id) => ({ executionArn: `arn:aws:states:local:0:execution:a:${id}` }),
    },
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
      routeKey: `${request.method} ${request.path.replace(/prj-[^/]+/, '{projectId}').replace(/tkt-[^/]+/, '{ticketId}')}`,
      principal,
      ...(request.params ? { pathParameters: request.params } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.query ? { queryStringParameters: request.query } : {}),
      ...(request.method === 'GET' ? {} : { headers: { 'idempotency-key': `k-${++keys}` } }),
    }),
  );
}

describe('a project from reserve to production', () => {
  let projectId: string;
  const tickets: Record<'onTime' | 'late' | 'escalated', string> = { onTime: '', late: '', escalated: '' };
  const path = () => `/projects/${projectId}`;
  const params = () => ({ projectId });
  const act = async (who: Principal, ticket: string, action: string, when: string, note?: string) => {
    deps.setNow(at(when));
    const answer = await call(actOnTicket, who, {
      method: 'POST',
      path: `${path()}/tickets/${ticket}/action`,
      params: { projectId, ticketId: ticket },
      body: { action, ...(note ? { note } : {}) },
    });
    expect(answer.statusCode, answer.rawBody).toBe(200);
    return answer.body;
  };

  it('is registered in reserve by the service centre before anything is filed', async () => {
    deps.setNow(at('2025-03-03T09:00:00'));
    const answer = await call(registerProject, principals.clerk, {
      method: 'POST',
      path: '/projects',
      body: {
        enterpriseId: 'ent-1',
        name: '新能源汽车零部件项目',
        industry: 'auto-parts',
        location: '长春经开区',
        plannedInvestmentYuan: 1_200_000_000,
        plannedDates: {
          signed: '2025-03-05',
          'construction-started': '2025-04-01',
          'in-production': '2025-05-30',
        },
      },
    });
    expect(answer.statusCode, answer.rawBody).toBe(201);
    expect(answer.body).toMatchObject({ stage: 'reserve', enterpriseId: 'ent-1', version: 1 });
    expect(answer.body.stages.reserve).toEqual({ actualOn: '2025-03-03' });
    projectId = answer.body.projectId;

    // The enterprise lists it; another enterprise does not see it.
    const listed = await call(listProjects, principals.enterprise, { method: 'GET', path: '/projects' });
    expect(listed.body.items.map((p: { projectId: string }) => p.projectId)).toEqual([projectId]);
    const foreign = await call(getProject, principals.otherEnterprise, {
      method: 'GET',
      path: path(),
      params: params(),
    });
    expect(foreign.statusCode).toBe(404);
  });

  it("gives the assigned secretary the enterprise's rights on this project, and no one else", async () => {
    expect(
      (await call(getProject, secretary, { method: 'GET', path: path(), params: params() })).statusCode,
    ).toBe(404);
    deps.setNow(at('2025-03-03T10:00:00'));
    const assigned = await call(assignPeople, principals.clerk, {
      method: 'PUT',
      path: `${path()}/people`,
      params: params(),
      body: { secretaryUserId: secretary.userId, leader: '王副区长', taskForce: '汽车产业项目专班' },
    });
    expect(assigned.statusCode, assigned.rawBody).toBe(200);
    expect(assigned.body.people).toEqual({
      secretaryUserId: 'secretary-9',
      leader: '王副区长',
      taskForce: '汽车产业项目专班',
    });
    expect(
      (await call(getProject, secretary, { method: 'GET', path: path(), params: params() })).statusCode,
    ).toBe(200);
    // The enterprise cannot assign people (the service centre does).
    const refused = await call(assignPeople, principals.enterprise, {
      method: 'PUT',
      path: `${path()}/people`,
      params: params(),
      body: {},
    });
    expect(refused.statusCode).toBe(403);
  });

  it('moves forward through signed and land secured, never backwards; two applications are filed for it', async () => {
    deps.setNow(at('2025-03-04T09:00:00'));
    const signed = await call(reportProgress, principals.enterprise, {
      method: 'POST',
      path: `${path()}/progress`,
      params: params(),
      body: { toStage: 'signed', note: '投资协议已签' },
    });
    expect(signed.statusCode, signed.rawBody).toBe(200);
    expect(signed.body.stages.signed).toEqual({ plannedOn: '2025-03-05', actualOn: '2025-03-04' });

    for (const [day, name] of [
      ['2025-03-05', '一期厂房'],
      ['2025-03-06', '二期仓储'],
    ] as const) {
      deps.setNow(at(`${day}T09:00:00`));
      const filed = await call(submitApplication, principals.enterprise, {
        method: 'POST',
        path: '/applications',
        body: submission({ projectId, projectName: name }),
      });
      expect(filed.statusCode, filed.rawBody).toBe(201);
    }
    const foreignProject = await call(submitApplication, principals.otherEnterprise, {
      method: 'POST',
      path: '/applications',
      body: submission({ projectId }),
    });
    expect(foreignProject.statusCode).toBe(400);
    expect(foreignProject.body.error.issues[0].path).toBe('projectId');

    deps.setNow(at('2025-03-10T09:00:00'));
    const land = await call(reportProgress, secretary, {
      method: 'POST',
      path: `${path()}/progress`,
      params: params(),
      body: { toStage: 'land-secured' },
    });
    expect(land.statusCode, land.rawBody).toBe(200);
    const backwards = await call(reportProgress, principals.enterprise, {
      method: 'POST',
      path: `${path()}/progress`,
      params: params(),
      body: { toStage: 'signed' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body.error.issues[0].path).toBe('toStage');
  });

  it('takes three problem tickets, raised by the enterprise, its secretary and a department', async () => {
    deps.setNow(at('2025-03-11T09:00:00'));
    const raise = async (who: Principal, body: Record<string, unknown>) => {
      const answer = await call(raiseTicket, who, {
        method: 'POST',
        path: `${path()}/tickets`,
        params: params(),
        body,
      });
      expect(answer.statusCode, answer.rawBody).toBe(201);
      return answer.body;
    };
    // A department cannot see (nor raise on) a project without a ticket of its own.
    const blind = await call(raiseTicket, principals.planning, {
      method: 'POST',
      path: `${path()}/tickets`,
      params: params(),
      body: {
        title: 'x',
        description: 'x',
        category: 'other',
        department: 'natural-resources',
        timeLimitDays: 2,
      },
    });
    expect(blind.statusCode).toBe(404);

    const onTime = await raise(principals.enterprise, {
      title: '用地红线调整',
      description: '规划红线与实际地块不一致',
      category: 'land',
      department: 'natural-resources',
      timeLimitDays: 5,
    });
    // Raised Tue 11 March: five working days from Wed 12 → due at the end of Tue 18 March.
    expect(onTime.dueAt).toBe(at('2025-03-18T23:59:59.999').toISOString());
    tickets.onTime = onTime.ticketId;
    deps.setNow(at('2025-03-11T09:05:00'));
    tickets.late = (
      await raise(secretary, {
        title: '临时用电接入',
        description: '施工临时用电未接通',
        category: 'utilities',
        department: 'housing-construction',
        timeLimitDays: 3,
      })
    ).ticketId;
    deps.setNow(at('2025-03-11T10:00:00'));
    tickets.escalated = (
      await raise(principals.planning, {
        title: '工程规划许可前置条件',
        description: '需先完成方案审查',
        category: 'permits',
        department: 'natural-resources',
        timeLimitDays: 2,
      })
    ).ticketId;
    // Now natural resources reads the project, and only its own tickets on it.
    const seen = await call(getProject, principals.planning, {
      method: 'GET',
      path: path(),
      params: params(),
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.body.tickets.map((t: { ticketId: string }) => t.ticketId).sort()).toEqual(
      [tickets.onTime, tickets.escalated].sort(),
    );
    expect(JSON.stringify(seen.body.timeline)).not.toContain(tickets.late);
    expect(
      (await call(getProject, realEstate, { method: 'GET', path: path(), params: params() })).statusCode,
    ).toBe(404);
  });

  it('warns, then escalates the stalled ticket once, on the right working day', async () => {
    deps.setNow(at('2025-03-12T09:00:00'));
    const wednesday = await sweepTickets(deps);
    expect(wednesday.warned).toEqual([`${projectId}/${tickets.escalated}`]);
    expect(wednesday.escalated).toEqual([]);

    await act(principals.planning, tickets.onTime, 'accept', '2025-03-12T10:00:00');
    await act(principals.housing, tickets.late, 'accept', '2025-03-12T10:05:00');
    await act(principals.housing, tickets.late, 'resolve', '2025-03-13T15:00:00', '已协调供电公司');

    deps.setNow(at('2025-03-14T09:00:00'));
    const friday = await sweepTickets(deps);
    expect(friday.escalated).toEqual([`${projectId}/${tickets.escalated}`]);
    expect(friday.warned).toEqual([]);
    deps.setNow(at('2025-03-14T09:15:00'));
    const again = await sweepTickets(deps);
    expect({ ...again, examined: 0 }).toEqual({ examined: 0, warned: [], escalated: [], skipped: [] });
  });

  it('strikes a ticket off only when the department solved it and the enterprise side confirmed', async () => {
    // The department cannot confirm its own fix; the enterprise cannot resolve.
    deps.setNow(at('2025-03-14T10:00:00'));
    const early = await call(actOnTicket, principals.enterprise, {
      method: 'POST',
      path: `${path()}/tickets/${tickets.onTime}/action`,
      params: { projectId, ticketId: tickets.onTime },
      body: { action: 'confirm' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.body.error.code).toBe('TICKET_STATUS');

    // On time: resolved Fri 14 March (3 of 5 working days), confirmed Monday.
    await act(principals.planning, tickets.onTime, 'resolve', '2025-03-14T16:00:00');
    const closed = await act(principals.enterprise, tickets.onTime, 'confirm', '2025-03-17T09:00:00');
    expect(closed).toMatchObject({ status: 'closed', clock: { usedDays: 3, status: 'met' } });

    // Rejected: the enterprise reopens the fix of Thu 13 March; the department solves it again on Thu 20.
    const reopened = await act(
      principals.enterprise,
      tickets.late,
      'reopen',
      '2025-03-14T11:00:00',
      '仍未通电',
    );
    expect(reopened).toMatchObject({ status: 'reopened', reopenCount: 1 });
    expect(reopened.resolvedAt).toBeUndefined();
    await act(principals.housing, tickets.late, 'resolve', '2025-03-20T17:00:00');
    const late = await act(secretary, tickets.late, 'confirm', '2025-03-21T09:00:00');
    // 12, 13, 14, 17, 18, 19, 20 March: 7 working days against 3.
    expect(late).toMatchObject({ status: 'closed', clock: { usedDays: 7, status: 'missed' } });
  });

  it('reaches construction and production', async () => {
    deps.setNow(at('2025-04-01T09:00:00'));
    expect(
      (
        await call(reportProgress, principals.enterprise, {
          method: 'POST',
          path: `${path()}/progress`,
          params: params(),
          body: { toStage: 'construction-started' },
        })
      ).statusCode,
    ).toBe(200);
    deps.setNow(at('2025-05-06T09:00:00'));
    const done = await call(reportProgress, principals.clerk, {
      method: 'POST',
      path: `${path()}/progress`,
      params: params(),
      body: { toStage: 'in-production', actualOn: '2025-05-05' },
    });
    expect(done.statusCode, done.rawBody).toBe(200);
    expect(done.body.stage).toBe('in-production');
    expect(done.body.stages['in-production']).toEqual({ plannedOn: '2025-05-30', actualOn: '2025-05-05' });
  });

  it('shows the whole story on its timeline, with both applications', async () => {
    deps.setNow(at('2025-05-06T10:00:00'));
    const answer = await call(getProject, principals.enterprise, {
      method: 'GET',
      path: path(),
      params: params(),
    });
    expect(answer.statusCode).toBe(200);
    const { timeline, applications, tickets: views } = answer.body;
    expect(applications.map((a: { projectName: string }) => a.projectName)).toEqual(['一期厂房', '二期仓储']);
    expect(views).toHaveLength(3);
    const line = timeline.map(
      (e: {
        type: string;
        actor: { role: string };
        toStage?: string;
        toStatus?: string;
        ticketId?: string;
      }) =>
        [e.type, e.actor.role, e.toStage ?? e.toStatus ?? '', e.ticketId ? name(e.ticketId) : ''].join(' '),
    );
    function name(ticketId: string) {
      return Object.entries(tickets).find(([, id]) => id === ticketId)![0];
    }
    expect(line).toEqual([
      'project-registered window-clerk reserve ',
      'project-people-assigned window-clerk  ',
      'project-stage-advanced enterprise signed ',
      'project-stage-advanced agency-officer land-secured ',
      'ticket-raised enterprise raised onTime',
      'ticket-raised agency-officer raised late',
      'ticket-raised department-officer raised escalated',
      'ticket-warned system  escalated',
      'ticket-accepted department-officer accepted onTime',
      'ticket-accepted department-officer accepted late',
      'ticket-resolved department-officer resolved late',
      'ticket-escalated system  escalated',
      'ticket-reopened enterprise reopened late',
      'ticket-resolved department-officer resolved onTime',
      'ticket-confirmed enterprise closed onTime',
      'ticket-resolved department-officer resolved late',
      'ticket-confirmed agency-officer closed late',
      'project-stage-advanced enterprise construction-started ',
      'project-stage-advanced window-clerk in-production ',
    ]);
    // The secretary acts on behalf of the enterprise, and the record says so.
    for (const e of timeline.filter((x: { actor: { role: string } }) => x.actor.role === 'agency-officer')) {
      expect(e.onBehalfOf).toBe('ent-1');
    }
  });

  it('reports every figure from the counters, as JSON and CSV', async () => {
    const projects = await call(projectReport, principals.admin, {
      method: 'GET',
      path: '/admin/reports/projects',
      query: { from: '2025-03', to: '2025-05', plannedProjects: '2' },
    });
    expect(projects.statusCode, projects.rawBody).toBe(200);
    const stages = (r: Record<string, number>) => [
      r.reserve,
      r.signed,
      r['land-secured'],
      r['construction-started'],
      r['in-production'],
    ];
    expect(
      projects.body.rows.map((r: Record<string, number> & { month: string }) => [
        r.month,
        r.registered,
        r.advanced,
        ...stages(r),
      ]),
    ).toEqual([
      ['2025-03', 1, 2, 1, 1, 1, 0, 0],
      ['2025-04', 0, 1, 0, 0, 0, 1, 0],
      ['2025-05', 0, 1, 0, 0, 0, 0, 1],
      ['total', 1, 4, 1, 1, 1, 1, 1],
    ]);
    expect(projects.body).toMatchObject({ plannedProjects: 2, registrationRate: 0.5 });

    deps.setNow(at('2025-05-06T10:00:00'));
    const problems = await call(ticketReport, principals.admin, {
      method: 'GET',
      path: '/admin/reports/tickets',
      query: { from: '2025-03', to: '2025-05' },
    });
    expect(problems.statusCode, problems.rawBody).toBe(200);
    expect(problems.body.rows).toEqual([
      {
        department: 'housing-construction',
        category: 'utilities',
        raised: 1,
        solved: 1,
        solvedOnTime: 0,
        onTimeRate: 0,
        solvedRate: 1,
        medianWorkingDaysToSolve: 7,
        reopened: 1,
        escalated: 0,
        open: 0,
        overdue: 0,
      },
      {
        department: 'natural-resources',
        category: 'land',
        raised: 1,
        solved: 1,
        solvedOnTime: 1,
        onTimeRate: 1,
        solvedRate: 1,
        medianWorkingDaysToSolve: 3,
        reopened: 0,
        escalated: 0,
        open: 0,
        overdue: 0,
      },
      {
        department: 'natural-resources',
        category: 'permits',
        raised: 1,
        solved: 0,
        solvedOnTime: 0,
        onTimeRate: null,
        solvedRate: 0,
        medianWorkingDaysToSolve: null,
        reopened: 0,
        escalated: 1,
        open: 1,
        overdue: 1,
      },
      {
        department: 'total',
        category: 'total',
        raised: 3,
        solved: 2,
        solvedOnTime: 1,
        onTimeRate: 0.5,
        solvedRate: 0.6667,
        medianWorkingDaysToSolve: 5,
        reopened: 1,
        escalated: 1,
        open: 1,
        overdue: 1,
      },
    ]);

    const raw = await ticketReport(deps)(
      apiEvent({
        method: 'GET',
        path: '/admin/reports/tickets',
        principal: principals.admin,
        queryStringParameters: { from: '2025-03', to: '2025-05', format: 'csv' },
      }),
      lambdaContext(),
    );
    expect(typeof raw === 'string' ? undefined : raw.headers?.['content-type']).toBe(
      'text/csv; charset=utf-8',
    );
    const text = typeof raw === 'string' ? raw : String(raw.body);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFdepartment,category,raised,solved,solvedOnTime,onTimeRate,solvedRate,medianWorkingDaysToSolve,reopened,escalated,open,overdue',
    );
    expect(text).toContain('total,total,3,2,1,0.5,0.6667,5,1,1,1,1');
  });
});

describe('the one-off migration of applications filed before the register', () => {
  it('gives them projects from their data, once, however often it runs', async () => {
    // Prepare: three applications of ent-3 without a project, two for one project name.
    const agent: Principal = { userId: 'agent-3', roles: ['agency-officer'], agencyFor: ['ent-3'] };
    const ids: string[] = [];
    for (const name of ['老厂改造', '老厂改造', '新建仓库']) {
      deps.setNow(at(`2025-02-0${ids.length + 3}T09:00:00`));
      const filed = await call(submitApplication, agent, {
        method: 'POST',
        path: '/applications',
        body: submission({ projectName: name, enterpriseId: 'ent-3' } as never),
      });
      expect(filed.statusCode, filed.rawBody).toBe(201);
      ids.push(filed.body.applicationId);
    }

    // Act
    deps.setNow(at('2025-06-02T09:00:00'));
    const first = await adoptApplications(deps, 'ent-3');
    const again = await adoptApplications(deps, 'ent-3');

    // Assess
    expect(first.created).toHaveLength(2);
    expect(first.linked).toHaveLength(3);
    expect(again).toEqual({ created: [], linked: [] });
    const projectOf = async (id: string) => (await deps.repository.getApplication(id)).projectId;
    expect(await projectOf(ids[0]!)).toBe(await projectOf(ids[1]!));
    expect(await projectOf(ids[2]!)).not.toBe(await projectOf(ids[0]!));
    const view = await call(getProject, agent, {
      method: 'GET',
      path: `/projects/${await projectOf(ids[0]!)}`,
      params: { projectId: (await projectOf(ids[0]!))! },
    });
    expect(view.statusCode, view.rawBody).toBe(200);
    expect(view.body.project).toMatchObject({ name: '老厂改造', stage: 'signed', industry: 'industrial' });
    expect(view.body.applications.map((a: { applicationId: string }) => a.applicationId)).toEqual(
      ids.slice(0, 2),
    );
    expect((await deps.repository.getTimeline(ids[2]!)).map((e) => e.type)).toContain('project-linked');
  });
});
