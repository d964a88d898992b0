// The rating rules without a table: who may rate, when, what a poor rating opens and when it falls due (a property
// over random instants of 2019–2026 on the official calendar), the satisfaction increments, overdue at read time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import type { Change } from '#shared/data/ports';
import { Conflict } from '#shared/errors';
import type { Rating, RatingFollowUp } from '#shared/model';
import { anApplication, principals } from '#test/support/fixtures';
import { satisfactionIncrements } from '#services/application/core/satisfaction-counters';
import {
  POOR_RATING_FOLLOW_UP_WORKING_DAYS,
  getApplicationRating,
  handleFollowUp,
  rateApplication,
  toFollowUpView,
} from './ratings.ts';

const calendar = loadOfficialCalendar();

/** Just the repository methods the ratings read and write, in memory. */
function store(status: 'issued' | 'refused' | 'in-review' = 'issued') {
  const application = anApplication({ status, departments: ['window', 'natural-resources'] });
  const ratings = new Map<string, Rating>();
  const followUps = new Map<string, RatingFollowUp>();
  const changes: Change[] = [];
  const repository = {
    getApplicationWithSteps: async () => ({ application, steps: [] }),
    findRating: async (id: string) => ratings.get(id),
    findRatingFollowUp: async (id: string) => followUps.get(id),
    commit: async (change: Change) => {
      if (change.rating && ratings.has(change.rating.applicationId))
        throw new Conflict('x', 'ALREADY_EXISTS');
      changes.push(change);
      if (change.rating) ratings.set(change.rating.applicationId, change.rating);
      for (const f of change.ratingFollowUps?.create ?? []) followUps.set(f.applicationId, f);
      for (const f of change.ratingFollowUps?.update ?? [])
        followUps.set(f.applicationId, { ...f, version: f.version + 1 });
      return { created: [], updated: [] };
    },
  };
  let n = 0;
  return {
    application,
    changes,
    followUps,
    deps: (now: Date) =>
      ({
        repository,
        calendar,
        now: () => now,
        newId: () => `id-${++n}`,
      }) as unknown as Parameters<typeof rateApplication>[0],
  };
}

const monday = new Date('2025-03-03T01:00:00.000Z');

describe('rateApplication', () => {
  it('records a good rating without a follow-up, and refuses a second one with 409 ALREADY_RATED', async () => {
    // Prepare
    const s = store();
    const request = { principal: principals.enterprise, applicationId: 'app-1', body: { level: 5 } };

    // Act
    const first = await rateApplication(s.deps(monday), request);
    const second = rateApplication(s.deps(monday), request);

    // Assess
    expect(first).toMatchObject({ canRate: false, rating: { level: 5 }, followUp: null });
    await expect(second).rejects.toMatchObject({ code: 'ALREADY_RATED', status: 409 });
    expect(s.changes).toHaveLength(1);
    expect(s.changes[0]!.ratingFollowUps).toBeUndefined();
  });

  it('refuses a matter not finished yet with 409 MATTER_NOT_FINISHED', async () => {
    const s = store('in-review');
    await expect(
      rateApplication(s.deps(monday), {
        principal: principals.enterprise,
        applicationId: 'app-1',
        body: { level: 3 },
      }),
    ).rejects.toMatchObject({ code: 'MATTER_NOT_FINISHED', status: 409 });
  });

  it('lets the agency officer rate for the enterprise, and refuses officers and another enterprise', async () => {
    const rate = (principal: (typeof principals)[keyof typeof principals]) =>
      rateApplication(store().deps(monday), { principal, applicationId: 'app-1', body: { level: 4 } });
    await expect(rate(principals.agency)).resolves.toMatchObject({ rating: { onBehalfOf: 'ent-1' } });
    await expect(rate(principals.admin)).rejects.toMatchObject({ status: 403 });
    await expect(rate(principals.otherEnterprise)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a score for a department that took no part, or one scored twice, with 422 and the field', async () => {
    const s = store();
    await expect(
      rateApplication(s.deps(monday), {
        principal: principals.enterprise,
        applicationId: 'app-1',
        body: {
          level: 4,
          departmentScores: [
            { department: 'natural-resources', level: 4 },
            { department: 'natural-resources', level: 2 },
          ],
        },
      }),
    ).rejects.toMatchObject({
      status: 422,
      code: 'DEPARTMENT_NOT_INVOLVED',
      issues: [{ path: 'departmentScores.1.department' }],
    });
  });

  it('opens the follow-up of a poor rating in the same commit, due at the end of the fifth working day after it', async () => {
    const instants = fc
      .date({
        min: new Date('2019-01-01T00:00:00Z'),
        max: new Date('2026-12-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .filter((d) => calendar.localDate(d) <= '2026-12-20');
    await fc.assert(
      fc.asyncProperty(instants, fc.constantFrom(1, 2), async (now, level) => {
        // Prepare
        const s = store('refused');

        // Act
        const answer = await rateApplication(s.deps(now), {
          principal: principals.enterprise,
          applicationId: 'app-1',
          body: { level },
        });

        // Assess: one commit holds the rating and its follow-up
        expect(s.changes).toHaveLength(1);
        expect(s.changes[0]!.rating?.level).toBe(level);
        expect(s.changes[0]!.ratingFollowUps?.create).toHaveLength(1);
        const due = new Date(answer.followUp!.dueAt);
        const dueDay = calendar.localDate(due);
        expect(calendar.isWorkingDay(dueDay)).toBe(true);
        expect(calendar.workingDaysBetween(now, due)).toBe(POOR_RATING_FOLLOW_UP_WORKING_DAYS);
        expect(due.getTime()).toBe(calendar.endOfDay(dueDay).getTime());
      }),
      { numRuns: 200 },
    );
  });
});

describe('satisfactionIncrements', () => {
  it('counts the matter once and each department with its own score where one was given', () => {
    const increments = satisfactionIncrements(
      {
        level: 4,
        ratedAt: '2025-03-31T17:00:00.000Z',
        departmentScores: [{ department: 'window', level: 2 }],
      },
      ['window', 'natural-resources'],
      { calendar },
    );
    // 17:00 UTC on 31 March is 1 April in Beijing: the month of the region's zone.
    expect(increments).toEqual([
      { dimension: 'ratings:all', month: '2025-04', add: { rated: 1, satisfied: 1, poor: 0, 'level-4': 1 } },
      {
        dimension: 'ratings:dept:window',
        month: '2025-04',
        add: { rated: 1, satisfied: 0, poor: 1, 'level-2': 1 },
      },
      {
        dimension: 'ratings:dept:natural-resources',
        month: '2025-04',
        add: { rated: 1, satisfied: 1, poor: 0, 'level-4': 1 },
      },
    ]);
  });
});

describe('follow-ups', () => {
  it('turn overdue once their due instant has passed, and stay marked late when handled after it', () => {
    const open: RatingFollowUp = {
      applicationId: 'app-1',
      enterpriseId: 'ent-1',
      level: 1,
      departments: [],
      ratedAt: '2025-03-03T01:00:00.000Z',
      dueAt: '2025-03-10T15:59:59.999Z',
      status: 'open',
      version: 1,
    };
    expect(toFollowUpView(open, new Date('2025-03-10T15:59:59.999Z')).overdue).toBe(false);
    expect(toFollowUpView(open, new Date('2025-03-10T16:00:00.000Z')).overdue).toBe(true);
    const late = { ...open, status: 'handled' as const, handledAt: '2025-03-11T02:00:00.000Z' };
    expect(toFollowUpView(late, new Date('2030-01-01T00:00:00Z')).overdue).toBe(true);
  });

  it('are handled once by an administrator; the enterprise reads the answer', async () => {
    // Prepare
    const s = store('refused');
    await rateApplication(s.deps(monday), {
      principal: principals.enterprise,
      applicationId: 'app-1',
      body: { level: 2, comment: '太慢' },
    });
    const handling = { action: '已回复', outcome: 'resolved' as const };

    // Act
    const handled = await handleFollowUp(s.deps(monday), {
      principal: principals.admin,
      applicationId: 'app-1',
      body: handling,
    });
    const again = handleFollowUp(s.deps(monday), {
      principal: principals.admin,
      applicationId: 'app-1',
      body: handling,
    });
    const byEnterprise = handleFollowUp(s.deps(monday), {
      principal: principals.enterprise,
      applicationId: 'app-1',
      body: handling,
    });

    // Assess
    expect(handled.followUp).toMatchObject({ status: 'handled', handledBy: 'admin-1', version: 2 });
    expect(handled.event).toMatchObject({
      type: 'rating-follow-up-handled',
      detail: { outcome: 'resolved' },
    });
    await expect(again).rejects.toMatchObject({ code: 'FOLLOW_UP_HANDLED' });
    await expect(byEnterprise).rejects.toMatchObject({ status: 403 });
    const read = await getApplicationRating(s.deps(monday), {
      principal: principals.enterprise,
      applicationId: 'app-1',
    });
    expect(read.followUp).toMatchObject({ status: 'handled', action: '已回复' });
    await expect(
      getApplicationRating(s.deps(monday), { principal: principals.clerk, applicationId: 'app-1' }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
