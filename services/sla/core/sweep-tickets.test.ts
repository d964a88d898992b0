// Must-show of issue 13 (C): a problem ticket's warning and escalation (挂牌督办) across the 2024 National Day
// break, with its make-up working days (Sun 29 Sep and Sat 12 Oct worked; 1–7 Oct off), on DynamoDB Local with
// an injected clock. The sweeper runs every three hours for two weeks: each move fires once, on the right day.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { registerProject } from '#services/projects/core/projects';
import { raiseTicket } from '#services/projects/core/tickets';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { principals, testDeps, type TestDeps } from '#test/support/fixtures';
import { at } from '#test/support/sla-clock';
import { sweepTickets } from './sweep-tickets.ts';

const calendar = loadOfficialCalendar();
let table: TestTable;
let deps: TestDeps;

beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
  deps = testDeps({ tableName: table.tableName, documentClient: table.client, calendar });
});
afterAll(() => table?.drop());

describe('the ticket sweep across the 2024 National Day break', () => {
  it('warns on Mon 30 Sep and escalates on Wed 9 Oct, each once', async () => {
    // Prepare: raised Fri 27 Sep with 3 working days: Sun 29 Sep (make-up), Mon 30 Sep, Tue 8 Oct.
    deps.setNow(at('2024-09-27T10:00:00'));
    const project = await registerProject(deps, {
      principal: principals.clerk,
      body: {
        enterpriseId: 'ent-1',
        name: '节前项目',
        industry: 'chemicals',
        location: '二道区',
        plannedInvestmentYuan: 1,
      },
    });
    const ticket = await raiseTicket(deps, {
      principal: principals.enterprise,
      projectId: project.projectId,
      body: {
        title: '供水管网接入',
        description: '管网接口位置未定',
        category: 'utilities',
        department: 'housing-construction',
        timeLimitDays: 3,
      },
    });
    expect(ticket.dueAt).toBe(at('2024-10-08T23:59:59.999').toISOString());

    // Act: a sweep every three hours until Sat 12 Oct.
    const moves: string[] = [];
    for (
      let t = at('2024-09-27T12:00:00').getTime();
      t <= at('2024-10-12T21:00:00').getTime();
      t += 3 * 3600_000
    ) {
      deps.setNow(new Date(t));
      const result = await sweepTickets(deps, { departments: ['housing-construction'] });
      const day = calendar.localDate(new Date(t));
      for (const id of result.warned) moves.push(`${day} warned ${id}`);
      for (const id of result.escalated) moves.push(`${day} escalated ${id}`);
    }

    // Assess
    const id = `${project.projectId}/${ticket.ticketId}`;
    expect(moves).toEqual([`2024-09-30 warned ${id}`, `2024-10-09 escalated ${id}`]);
    const detail = await deps.projects.getProjectDetail(project.projectId);
    expect(detail.events.map((e) => `${calendar.localDate(new Date(e.at))} ${e.type}`)).toEqual([
      '2024-09-27 project-registered',
      '2024-09-27 ticket-raised',
      '2024-09-30 ticket-warned',
      '2024-10-09 ticket-escalated',
    ]);
    expect(detail.tickets[0]).toMatchObject({ slaStatus: 'red', escalatedAt: expect.any(String) });
    const counters = await deps.repository.getCounters('tickets:housing-construction:utilities', '2024-10');
    expect(counters).toEqual({ escalated: 1 });
  });
});
