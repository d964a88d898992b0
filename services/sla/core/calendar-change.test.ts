// Calendar changes under running deadlines, on DynamoDB Local with the real workflow core, the sweeper and
// calendar administration: a local rest day moves open deadlines (and the warning day) at once and is audited;
// next year's schedule turns provisional deadlines firm; the sweeper finishes what a change left.
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestTable, type TestTable } from '#test/support/dynamodb';
import { parseYearSchedule } from '#shared/calendar/index';
import type { Application } from '#shared/model';
import { createRuntime } from '#shared/runtime/index';
import { openHumanStep } from '#services/workflow/core/open-human-step';
import { anApplication, at } from '#test/support/workflow';
import { calendarPartition } from '#shared/data/calendar-store';
import {
  changeLocalRestDays,
  getCalendarStatus,
  loadCalendarYear,
} from '#services/admin/core/calendar-admin';
import { bundledYears, buildCalendar } from '#shared/calendar/config';
import { SlaScenario } from '#test/support/sla';
import { sweepDeadlines } from './sweep-deadlines.ts';

let table: TestTable;
beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterEach(() => table.drop());

const admin = { userId: 'admin-1', role: 'administrator' } as const;

function application(applicationId: string, receivedLocal: string, patch: Partial<Application> = {}) {
  const received = at(receivedLocal).toISOString();
  return anApplication({
    applicationId,
    requiredPermits: ['construction'],
    receivedAt: received,
    createdAt: received,
    updatedAt: received,
    ...patch,
  });
}

/**
 * A test fixture, not the State Council's notice (2027's was not published when this was written): New Year
 * 1–3 January 2027 off, no make-up day.
 */
const schedule2027 = parseYearSchedule({
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-02', name: '元旦' },
    { date: '2027-01-03', name: '元旦' },
  ],
  makeupWorkdays: [],
  source: 'Test fixture (not an official notice)',
});

describe('a local rest day added under running deadlines', () => {
  it('moves the open review deadline and its warning day at once, and audits the change', async () => {
    // Prepare: the construction review of 27 September 2024 is due at the end of 14 October (8 working days).
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.acceptAndOpenReviews(await scenario.submit(application('lr-1', '2024-09-27T08:30:00')));
    const before = await scenario.step('lr-1', 'review-construction-1');

    // Act: on Tuesday 8 October the region declares Friday 11 October a rest day (台风停工).
    scenario.clock.set(at('2024-10-08T09:00:00'));
    const change = await changeLocalRestDays(scenario.admin(), {
      actor: admin,
      change: { add: [{ date: '2024-10-11', note: '台风停工' }] },
    });
    const after = await scenario.step('lr-1', 'review-construction-1');
    const sweepAt = async (local: string) => {
      scenario.clock.set(at(local));
      return sweepDeadlines(scenario.sweeper());
    };
    const friday = await sweepAt('2024-10-11T10:00:00'); // a rest day now: still 5 used
    const makeUpSaturday = await sweepAt('2024-10-12T10:00:00'); // used 6 of 8
    const oldDueDayAfter = await sweepAt('2024-10-15T09:00:00'); // was overdue; now the due day
    const newDueDayAfter = await sweepAt('2024-10-16T09:00:00');

    // Assess: the deadline moved a working day later, stamped with the new calendar.
    expect(before).toMatchObject({ dueAt: '2024-10-14T15:59:59.999Z' });
    expect(change).toMatchObject({
      changed: true,
      revision: 1,
      recompute: { stepsRecomputed: 1, applications: 1, complete: true },
    });
    expect(change.toVersion).not.toBe(change.fromVersion);
    expect(after).toMatchObject({
      dueAt: '2024-10-15T15:59:59.999Z',
      calendarVersion: change.toVersion,
      slaStatus: 'green',
    });
    expect(scenario.deps.calendar.isWorkingDay('2024-10-11')).toBe(false);
    expect(friday.warned).toEqual([]);
    expect(makeUpSaturday.warned).toEqual(['lr-1/review-construction-1']);
    expect(oldDueDayAfter.escalated).toEqual([]);
    expect(newDueDayAfter.escalated).toEqual(['lr-1/review-construction-1']);

    // Assess: audited on the application's timeline and in the calendar's own partition.
    const recomputed = await scenario.timelineOf('lr-1', 'deadlines-recomputed');
    expect(recomputed).toEqual([
      expect.objectContaining({
        actor: admin,
        detail: expect.objectContaining({
          calendarVersion: change.toVersion,
          fromVersions: [change.fromVersion],
          steps: ['review-construction-1: 2024-10-14T15:59:59.999Z → 2024-10-15T15:59:59.999Z'],
        }),
      }),
    ]);
    const status = await getCalendarStatus(scenario.admin());
    expect(status.localRestDays).toEqual([
      {
        date: '2024-10-11',
        note: '台风停工',
        changedBy: 'admin-1',
        changedAt: at('2024-10-08T09:00:00').toISOString(),
      },
    ]);
    expect(status.changes.map((event) => [event.type, event.actor.userId])).toEqual(
      expect.arrayContaining([
        ['local-rest-days-changed', 'admin-1'],
        ['deadlines-recomputed', 'admin-1'],
      ]),
    );
    expect(status.changes.find((event) => event.type === 'local-rest-days-changed')).toMatchObject({
      revision: 1,
      fromVersion: change.fromVersion,
      toVersion: change.toVersion,
      added: ['2024-10-11'],
    });
    const byAdmin = status.changes.filter(
      (e) => e.type === 'deadlines-recomputed' && e.actor.userId === 'admin-1',
    );
    expect(byAdmin).toEqual([expect.objectContaining({ stepsRecomputed: 1, complete: true })]);
    // The first sweep after every cache expired found nothing left to restamp, and recorded the version as done.
    expect(status).toMatchObject({ recomputePending: false, revision: 1 });
  });

  it('changes nothing when the same day is added again, and restores the deadline when it is removed', async () => {
    // Prepare
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.acceptAndOpenReviews(await scenario.submit(application('lr-2', '2024-09-27T08:30:00')));
    scenario.clock.set(at('2024-10-08T09:00:00'));
    const add = { add: [{ date: '2024-10-11', note: '台风停工' }] };
    await changeLocalRestDays(scenario.admin(), { actor: admin, change: add });

    // Act
    const again = await changeLocalRestDays(scenario.admin(), { actor: admin, change: add });
    const removed = await changeLocalRestDays(scenario.admin(), {
      actor: admin,
      change: { remove: ['2024-10-11'] },
    });

    // Assess
    expect(again).toMatchObject({ changed: false, revision: 1, recompute: { stepsRecomputed: 0 } });
    expect(removed).toMatchObject({ changed: true, revision: 2, recompute: { stepsRecomputed: 1 } });
    expect(removed.toVersion).toBe(buildCalendar({ years: [], localRestDays: [] }).version);
    expect((await scenario.step('lr-2', 'review-construction-1')).dueAt).toBe('2024-10-14T15:59:59.999Z');
  });
});

describe("next year's schedule loaded in December", () => {
  it('warns from 1 December, then turns provisional deadlines into firm ones', async () => {
    // Prepare: a review opened Thursday 24 December 2026 reaches into 2027. Without 2027's schedule it is
    // counted with weekdays only (provisional): 25, 28–31 Dec, 1, 4, 5 Jan → 5 January 2027.
    const scenario = new SlaScenario(table, at('2026-12-24T09:00:00'));
    await scenario.acceptAndOpenReviews(await scenario.submit(application('ny-1', '2026-12-24T08:30:00')));
    const provisional = await scenario.step('ny-1', 'review-construction-1');
    scenario.clock.set(at('2026-11-30T12:00:00'));
    const november = await getCalendarStatus(scenario.admin());
    scenario.clock.set(at('2026-12-01T00:30:00'));
    const december = await getCalendarStatus(scenario.admin());

    // Act
    scenario.clock.set(at('2026-12-28T09:00:00'));
    const loaded = await loadCalendarYear(scenario.admin(), {
      actor: admin,
      year: 2027,
      schedule: schedule2027,
    });
    const again = await loadCalendarYear(scenario.admin(), {
      actor: admin,
      year: 2027,
      schedule: schedule2027,
    });

    // Assess: with 1 January off: 25, 28–31 Dec, 4, 5, 6 Jan → 6 January, firm.
    expect(provisional).toMatchObject({
      provisional: true,
      dueAt: at('2027-01-05T23:59:59.999').toISOString(),
    });
    expect(november.warnings).toEqual([]);
    expect(december.warnings).toEqual([expect.objectContaining({ code: 'NEXT_YEAR_MISSING', year: 2027 })]);
    expect(loaded).toMatchObject({
      changed: true,
      warnings: [],
      recompute: { stepsRecomputed: 1, complete: true },
    });
    expect(await scenario.step('ny-1', 'review-construction-1')).toMatchObject({
      provisional: false,
      dueAt: at('2027-01-06T23:59:59.999').toISOString(),
      calendarVersion: loaded.toVersion,
    });
    expect((await scenario.deps.repository.getApplication('ny-1')).sla).toMatchObject({
      provisional: false,
      calendarVersion: loaded.toVersion,
    });
    expect(again).toMatchObject({ changed: false, revision: 1 });
    const status = await getCalendarStatus(scenario.admin());
    expect(status.years.at(-1)).toMatchObject({
      year: 2027,
      origin: 'loaded',
      loadedBy: 'admin-1',
      holidays: 3,
    });
    expect(status.changes.filter((event) => event.type === 'calendar-year-loaded')).toEqual([
      expect.objectContaining({ year: 2027, replaced: false, revision: 1 }),
    ]);
  });

  it('rejects a schedule whose year differs from the one named', async () => {
    // Prepare
    const scenario = new SlaScenario(table, at('2026-12-01T09:00:00'));

    // Act
    const loading = loadCalendarYear(scenario.admin(), { actor: admin, year: 2028, schedule: schedule2027 });

    // Assess
    await expect(loading).rejects.toMatchObject({
      status: 400,
      issues: [{ path: 'year', message: 'the body is the 2027 schedule, the path names 2028' }],
    });
    expect((await getCalendarStatus(scenario.admin())).revision).toBe(0);
  });
});

describe('sweepDeadlines after a calendar change', () => {
  it('restamps steps opened with a stale cached calendar once every cache has expired, then records it', async () => {
    // Prepare: the change is made; another container, its cache not yet expired, opens a review with the
    // old calendar a moment later.
    const scenario = new SlaScenario(table, at('2024-09-27T09:00:00'));
    await scenario.submit(application('st-1', '2024-09-27T08:30:00'));
    await scenario.open('st-1', 'intake');
    scenario.clock.advance(30);
    await scenario.decide('st-1', 'intake-1', 'accepted');
    const change = await changeLocalRestDays(scenario.admin(), {
      actor: admin,
      change: { add: [{ date: '2024-10-11' }] },
    });
    const staleCalendar = buildCalendar({ years: [], localRestDays: [] }, { bundled: bundledYears() });
    const staleContainer = {
      ...createRuntime({
        tableName: table.tableName,
        documentClient: table.client,
        calendar: staleCalendar,
        taskCallbacks: scenario.callbacks,
        now: scenario.clock.now,
        logger: scenario.logger,
      }),
      calendar: staleCalendar,
    };
    scenario.clock.advance(0.5);
    await openHumanStep(staleContainer, {
      applicationId: 'st-1',
      taskToken: 'token-stale',
      step: { kind: 'review', department: 'housing-construction', permitType: 'construction' },
    });
    const stale = await scenario.step('st-1', 'review-construction-1');

    // Act: the sweeps look only a day ahead, so the review (due in October) is left to the recomputation.
    const options = { lookaheadWorkingDays: 1 };
    scenario.clock.advance(0.5);
    const tooEarly = await sweepDeadlines(scenario.sweeper(), options); // a minute after the change
    scenario.clock.advance(5);
    const settled = await sweepDeadlines(scenario.sweeper(), options);
    const later = await sweepDeadlines(scenario.sweeper(), options);

    // Assess
    expect(stale).toMatchObject({ calendarVersion: change.fromVersion, dueAt: '2024-10-14T15:59:59.999Z' });
    expect(tooEarly).toMatchObject({ examined: 0, restamped: [] });
    expect(tooEarly.recompute).toBeUndefined();
    expect(settled.recompute).toMatchObject({ stepsRecomputed: 1, complete: true });
    expect(later.recompute).toBeUndefined();
    expect(await scenario.step('st-1', 'review-construction-1')).toMatchObject({
      calendarVersion: change.toVersion,
      dueAt: '2024-10-15T15:59:59.999Z',
    });
    expect(await scenario.timelineOf('st-1', 'deadlines-recomputed')).toEqual([
      expect.objectContaining({ actor: { userId: 'sla-sweeper', role: 'system' } }),
    ]);
    const status = await getCalendarStatus(scenario.admin());
    expect(status.recomputePending).toBe(false);
    expect(status.changes[0]).toMatchObject({
      type: 'deadlines-recomputed',
      actor: { userId: 'sla-sweeper' },
      toVersion: change.toVersion,
      complete: true,
    });
    expect(calendarPartition).toBe('CONFIG#calendar');
  });
});
