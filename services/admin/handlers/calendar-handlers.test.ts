// The calendar administration routes over DynamoDB Local: administrators only, schedules validated with field
// paths, a loaded year in force at once.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { principals, testDeps } from '#test/support/fixtures';
import type { Principal } from '#shared/auth/principal';
import { apiEvent, invoke } from '#test/support/http';
import { createHandler as changeLocalRestDays } from './change-local-rest-days.ts';
import { createHandler as getCalendar } from './get-calendar.ts';
import { createHandler as loadCalendarYear } from './load-calendar-year.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterAll(() => table.drop());

/** Tuesday 1 December 2026, 09:00 in Asia/Shanghai: next year's schedule is due. */
const december = new Date('2026-12-01T01:00:00.000Z');

function handlers() {
  const deps = testDeps({ documentClient: table.client, tableName: table.tableName, now: () => december });
  return {
    get: getCalendar(deps),
    put: loadCalendarYear(deps),
    post: changeLocalRestDays(deps),
  };
}

const schedule2027 = {
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-02', name: '元旦' },
    { date: '2027-01-03', name: '元旦' },
  ],
  makeupWorkdays: [],
  source: 'Test fixture (not an official notice)',
};

const putYear = (year: string, body: unknown, principal: Principal = principals.admin) =>
  apiEvent({
    method: 'PUT',
    path: `/admin/calendar/years/${year}`,
    routeKey: 'PUT /admin/calendar/years/{year}',
    pathParameters: { year },
    body,
    principal,
  });

describe('calendar administration routes', () => {
  it('answer administrators only', async () => {
    // Prepare
    const { get, put, post } = handlers();

    // Act
    const responses = await Promise.all([
      invoke(get, apiEvent({ path: '/admin/calendar', principal: principals.clerk })),
      invoke(put, putYear('2027', schedule2027, principals.housing)),
      invoke(
        post,
        apiEvent({
          method: 'POST',
          path: '/admin/calendar/local-rest-days',
          body: { add: [{ date: '2026-12-31' }] },
          principal: principals.enterprise,
        }),
      ),
    ]);

    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([403, 403, 403]);
  });

  it("warns from 1 December that next year's schedule is missing", async () => {
    // Act
    const response = await invoke(
      handlers().get,
      apiEvent({ path: '/admin/calendar', principal: principals.admin }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body.warnings).toEqual([
      expect.objectContaining({ code: 'NEXT_YEAR_MISSING', year: 2027 }),
    ]);
    expect(response.body.years.map((y: { year: number }) => y.year)).toEqual([
      2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026,
    ]);
    expect(response.body.years[0]).toMatchObject({
      origin: 'bundled',
      source: expect.stringContaining('国办发明电'),
    });
  });

  it('rejects an invalid schedule with a field path for each problem, and writes nothing', async () => {
    // Prepare: 4 January 2027 is a Monday; 2028-01-01 is not in 2027.
    const { get, put } = handlers();
    const invalid = {
      ...schedule2027,
      holidays: [...schedule2027.holidays, { date: '2028-01-01', name: '元旦' }],
      makeupWorkdays: [{ date: '2027-01-04', name: '元旦' }],
    };

    // Act
    const response = await invoke(put, putYear('2027', invalid));
    const mismatch = await invoke(put, putYear('2028', schedule2027));
    const status = await invoke(get, apiEvent({ path: '/admin/calendar', principal: principals.admin }));

    // Assess
    expect(response.statusCode).toBe(400);
    expect(response.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'holidays.3.date', message: '2028-01-01 is not in 2027' },
        {
          path: 'makeupWorkdays.0.date',
          message: '2027-01-04 is a Monday: a make-up working day must fall on a Saturday or Sunday',
        },
      ]),
    );
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body.error.issues).toEqual([
      { path: 'year', message: 'the body is the 2027 schedule, the path names 2028' },
    ]);
    expect(status.body).toMatchObject({ revision: 0, changes: [] });
  });

  it('loads a year, in force at once, and says so in the calendar', async () => {
    // Prepare
    const { get, put } = handlers();

    // Act
    const loaded = await invoke(put, putYear('2027', schedule2027));
    const status = await invoke(get, apiEvent({ path: '/admin/calendar', principal: principals.admin }));

    // Assess
    expect(loaded.statusCode).toBe(200);
    expect(loaded.body).toMatchObject({ changed: true, revision: 1, warnings: [] });
    expect(status.body).toMatchObject({ version: loaded.body.toVersion, revision: 1, warnings: [] });
    expect(status.body.years.at(-1)).toMatchObject({ year: 2027, origin: 'loaded', loadedBy: 'admin-1' });
    expect(status.body.changes[0]).toMatchObject({
      type: 'deadlines-recomputed',
      changeEventId: expect.any(String),
    });
    expect(status.body.changes[1]).toMatchObject({
      type: 'calendar-year-loaded',
      year: 2027,
      actor: { userId: 'admin-1', role: 'administrator' },
    });
  });

  it('adds and removes local rest days, rejecting a date both added and removed', async () => {
    // Prepare
    const { get, post } = handlers();
    const postDays = (body: unknown) =>
      invoke(
        post,
        apiEvent({
          method: 'POST',
          path: '/admin/calendar/local-rest-days',
          body,
          principal: principals.admin,
        }),
      );

    // Act
    const both = await postDays({ add: [{ date: '2026-12-31' }], remove: ['2026-12-31'] });
    const empty = await postDays({});
    const added = await postDays({ add: [{ date: '2026-12-31', note: '地方调休' }] });
    const status = await invoke(get, apiEvent({ path: '/admin/calendar', principal: principals.admin }));

    // Assess
    expect(both.statusCode).toBe(400);
    expect(both.body.error.issues).toEqual([
      { path: 'remove.0', message: '2026-12-31 cannot be added and removed at once' },
    ]);
    expect(empty.statusCode).toBe(400);
    expect(added.statusCode).toBe(200);
    expect(added.body.changed).toBe(true);
    expect(status.body.localRestDays).toEqual([
      expect.objectContaining({ date: '2026-12-31', note: '地方调休', changedBy: 'admin-1' }),
    ]);
  });
});
