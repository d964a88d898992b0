import { describe, expect, it } from 'vitest';
import { loadOfficialCalendar } from '#shared/calendar/index';
import { ValidationError } from '#shared/errors';
import {
  DEFAULT_LIMITS,
  DEFAULT_STEP_BUDGETS,
  readApplicationClock,
  type ClockEvent,
} from './application-clock.ts';
import { at, thrownBy } from '#test/support/sla-clock';

const calendar = loadOfficialCalendar();

/** A regular-track timeline: intake, acceptance on Friday 2024-09-27, two departments in parallel. */
const regularTimeline: ClockEvent[] = [
  { type: 'step-opened', at: at('2024-09-26T09:00:00'), stepId: 'intake', kind: 'intake' },
  { type: 'step-closed', at: at('2024-09-27T10:00:00'), stepId: 'intake' },
  { type: 'accepted', at: at('2024-09-27T10:00:00') },
  { type: 'step-opened', at: at('2024-09-27T10:00:00'), stepId: 'planning', kind: 'review' },
  { type: 'step-opened', at: at('2024-09-27T10:00:00'), stepId: 'construction', kind: 'review' },
];

describe('readApplicationClock', () => {
  it('gives the regular track 15 working days from acceptance, and each step its own budget', () => {
    // Act
    const reading = readApplicationClock(
      regularTimeline,
      { track: 'regular', now: at('2024-10-09T10:00:00') },
      calendar,
    );

    // Assess
    expect(reading.application).toMatchObject({
      budgetDays: 15,
      dueOn: '2024-10-23',
      usedDays: 4,
      status: 'on-track',
    });
    expect(reading.outcome).toBeNull();
    expect(reading.steps.map((step) => [step.stepId, step.kind, step.budgetDays, step.status])).toEqual([
      ['intake', 'intake', 1, 'met'],
      ['planning', 'review', 8, 'on-track'],
      ['construction', 'review', 8, 'on-track'],
    ]);
    expect(reading.steps[1]?.dueOn).toBe(calendar.addWorkingDays('2024-09-27', 8));
    expect(reading.calendarVersion).toBe(calendar.version);
    expect(reading.provisional).toBe(false);
  });

  it('has no application reading before acceptance on the regular track', () => {
    // Act
    const reading = readApplicationClock(
      regularTimeline,
      { track: 'regular', now: at('2024-09-26T15:00:00') },
      calendar,
    );

    // Assess
    expect(reading.application).toBeNull();
    expect(reading.steps).toHaveLength(1);
    expect(reading.steps[0]).toMatchObject({ stepId: 'intake', status: 'yellow', dueOn: '2024-09-27' });
  });

  it('pauses the application and the step, not its sibling, while a supplement is owed', () => {
    // Prepare
    const events: ClockEvent[] = [
      ...regularTimeline,
      { type: 'supplement-requested', at: at('2024-10-08T15:00:00'), stepId: 'planning' },
      { type: 'resubmitted', at: at('2024-10-10T11:00:00'), stepId: 'planning' },
    ];

    // Act
    const reading = readApplicationClock(
      events,
      { track: 'regular', now: at('2024-10-11T10:00:00') },
      calendar,
    );

    // Assess
    expect(reading.application).toMatchObject({ usedDays: 4, pausedDays: 2, dueOn: '2024-10-25' });
    const [, planning, construction] = reading.steps;
    expect(planning).toMatchObject({ usedDays: 4, pausedDays: 2 });
    expect(construction).toMatchObject({ usedDays: 6, pausedDays: 0, pausedIntervals: [] });
  });

  it('counts the overlapping supplements of parallel steps once for the application', () => {
    // Prepare
    const events: ClockEvent[] = [
      ...regularTimeline,
      { type: 'supplement-requested', at: at('2024-10-08T15:00:00'), stepId: 'planning' },
      { type: 'supplement-requested', at: at('2024-10-09T09:00:00'), stepId: 'construction' },
      { type: 'resubmitted', at: at('2024-10-10T11:00:00'), stepId: 'planning' },
    ];

    // Act
    const reading = readApplicationClock(
      events,
      { track: 'regular', now: at('2024-10-11T10:00:00') },
      calendar,
    );

    // Assess: the enterprise still owes construction its supplement
    expect(reading.application).toMatchObject({ paused: true, pausedDays: 3, usedDays: 3 });
    expect(reading.application?.pausedIntervals).toEqual([
      { from: at('2024-10-08T15:00:00'), reasons: ['supplement'], workingDays: 3 },
    ]);
    expect(reading.steps[1]).toMatchObject({ paused: false, pausedDays: 2 });
    expect(reading.steps[2]).toMatchObject({ paused: true, pausedDays: 2, usedDays: 4 });
  });

  it('leaves Art. 45 excluded time out of the step and the application', () => {
    // Prepare
    const events: ClockEvent[] = [
      ...regularTimeline,
      {
        type: 'exclusion-started',
        at: at('2024-10-09T10:00:00'),
        stepId: 'construction',
        reason: 'expert-review',
      },
      {
        type: 'exclusion-ended',
        at: at('2024-10-14T16:00:00'),
        stepId: 'construction',
        reason: 'expert-review',
      },
    ];

    // Act
    const reading = readApplicationClock(
      events,
      { track: 'regular', now: at('2024-10-15T10:00:00') },
      calendar,
    );

    // Assess: 10, 11, 12 and 14 October
    expect(reading.application?.pausedIntervals).toEqual([
      {
        from: at('2024-10-09T10:00:00'),
        to: at('2024-10-14T16:00:00'),
        reasons: ['expert-review'],
        workingDays: 4,
      },
    ]);
    expect(reading.steps[2]).toMatchObject({ pausedDays: 4 });
    expect(reading.steps[1]).toMatchObject({ pausedDays: 0 });
  });

  it('gives the standard-land track 9 working days from the land acquisition date, over the Spring Festival', () => {
    // Prepare: land acquired Monday 2024-02-05; make-up Sunday 2024-02-18 counts
    const events: ClockEvent[] = [
      { type: 'step-opened', at: at('2024-02-06T09:00:00'), stepId: 'intake', kind: 'intake' },
      { type: 'accepted', at: at('2024-02-06T15:00:00') },
      { type: 'step-closed', at: at('2024-02-06T15:00:00'), stepId: 'intake' },
      { type: 'step-opened', at: at('2024-02-06T15:00:00'), stepId: 'planning', kind: 'review' },
      { type: 'step-closed', at: at('2024-02-19T11:00:00'), stepId: 'planning' },
      { type: 'step-opened', at: at('2024-02-19T11:00:00'), stepId: 'issuance', kind: 'issuance' },
      { type: 'step-closed', at: at('2024-02-20T10:00:00'), stepId: 'issuance' },
      { type: 'issued', at: at('2024-02-20T10:00:00') },
      {
        type: 'step-opened',
        at: at('2024-02-20T10:00:00'),
        stepId: 'verification',
        kind: 'commitment-verification',
      },
    ];

    // Act
    const reading = readApplicationClock(
      events,
      { track: 'standard-land', landAcquiredOn: '2024-02-05', now: at('2024-02-21T10:00:00') },
      calendar,
    );

    // Assess: 6, 7, 8, 9, 18, 19, 20 February used
    expect(reading.application).toMatchObject({
      budgetDays: 9,
      dueOn: '2024-02-22',
      usedDays: 7,
      status: 'met',
    });
    expect(reading.outcome).toBe('issued');
    expect(reading.steps.map((step) => [step.stepId, step.budgetDays, step.status])).toEqual([
      ['intake', 1, 'met'],
      ['planning', 5, 'met'],
      ['issuance', 1, 'met'],
      ['verification', 30, 'on-track'],
    ]);
    expect(reading.steps[1]?.dueOn).toBe('2024-02-19'); // 7, 8, 9, 18, 19 February
  });

  it('misses the limit when issued after the due date', () => {
    // Act
    const reading = readApplicationClock(
      [...regularTimeline, { type: 'issued', at: at('2024-10-24T09:00:00') }],
      { track: 'regular', now: at('2024-10-30T10:00:00') },
      calendar,
    );

    // Assess
    expect(reading.application).toMatchObject({ status: 'missed', usedDays: 16 });
    expect(reading.steps[1]).toMatchObject({ status: 'red' });
  });

  it('closes the application clock on refusal', () => {
    // Act
    const reading = readApplicationClock(
      [...regularTimeline, { type: 'refused', at: at('2024-10-09T10:00:00') }],
      { track: 'regular', now: at('2024-10-30T10:00:00') },
      calendar,
    );

    // Assess
    expect(reading.outcome).toBe('refused');
    expect(reading.application).toMatchObject({ status: 'met', usedDays: 4 });
  });

  it('takes limits and budgets from the region when given', () => {
    // Prepare
    const events: ClockEvent[] = [
      ...regularTimeline,
      { type: 'step-opened', at: at('2024-09-27T10:00:00'), stepId: 'title', kind: 'review', budgetDays: 3 },
    ];

    // Act
    const reading = readApplicationClock(
      events,
      {
        track: 'regular',
        now: at('2024-10-09T10:00:00'),
        limits: { regular: 12 },
        stepBudgets: { review: 6 },
      },
      calendar,
    );

    // Assess
    expect(reading.application?.budgetDays).toBe(12);
    expect(reading.steps.map((step) => step.budgetDays)).toEqual([1, 6, 6, 3]);
    expect(DEFAULT_LIMITS).toEqual({ regular: 15, 'standard-land': 9 });
    expect(DEFAULT_STEP_BUDGETS.regular).toEqual({
      intake: 1,
      review: 8,
      issuance: 1,
      'commitment-verification': 30,
    });
  });

  it('reads events in time order and ignores those after now', () => {
    // Prepare
    const events: ClockEvent[] = [
      { type: 'resubmitted', at: at('2024-10-10T11:00:00'), stepId: 'planning' },
      { type: 'issued', at: at('2024-10-20T10:00:00') },
      { type: 'supplement-requested', at: at('2024-10-08T15:00:00'), stepId: 'planning' },
      ...[...regularTimeline].reverse(),
    ];

    // Act
    const reading = readApplicationClock(
      events,
      { track: 'regular', now: at('2024-10-11T10:00:00') },
      calendar,
    );

    // Assess
    expect(reading.outcome).toBeNull();
    expect(reading.application).toMatchObject({ pausedDays: 2, usedDays: 4, status: 'on-track' });
  });

  it('marks the reading provisional when any clock reaches into a year without data', () => {
    // Act
    const reading = readApplicationClock(
      [
        { type: 'accepted', at: at('2026-12-21T10:00:00') },
        { type: 'step-opened', at: at('2026-12-21T10:00:00'), stepId: 'planning', kind: 'review' },
      ],
      { track: 'regular', now: at('2026-12-22T10:00:00') },
      calendar,
    );

    // Assess: the 8-day review ends in 2026, the 15-day limit in 2027
    expect(reading.steps[0]).toMatchObject({ provisional: false, dueOn: '2026-12-31' });
    expect(reading.application).toMatchObject({ provisional: true, missingYears: [2027] });
    expect(reading).toMatchObject({ provisional: true, missingYears: [2027] });
  });

  it.each<[string, ClockEvent[], string]>([
    [
      'a step event for a step never opened',
      [{ type: 'supplement-requested', at: at('2024-10-08T10:00:00'), stepId: 'nowhere' }],
      'events.5',
    ],
    [
      'a resubmission with no supplement owed',
      [{ type: 'resubmitted', at: at('2024-10-08T10:00:00'), stepId: 'planning' }],
      'events.5',
    ],
    [
      'a second supplement request before the first is answered',
      [
        { type: 'supplement-requested', at: at('2024-10-08T10:00:00'), stepId: 'planning' },
        { type: 'supplement-requested', at: at('2024-10-09T10:00:00'), stepId: 'planning' },
      ],
      'events.6',
    ],
    [
      'an exclusion ended that never started',
      [{ type: 'exclusion-ended', at: at('2024-10-08T10:00:00'), stepId: 'planning', reason: 'hearing' }],
      'events.5',
    ],
    ['a second acceptance', [{ type: 'accepted', at: at('2024-10-08T10:00:00') }], 'events.5'],
    [
      'an event on a closed step',
      [{ type: 'supplement-requested', at: at('2024-10-08T10:00:00'), stepId: 'intake' }],
      'events.5',
    ],
  ])('rejects %s, naming the event', (_, extra, path) => {
    // Act
    const error = thrownBy(() =>
      readApplicationClock(
        [...regularTimeline, ...extra],
        { track: 'regular', now: at('2024-10-30T10:00:00') },
        calendar,
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'INCONSISTENT_TIMELINE', issues: [{ path }] });
  });

  it('requires the land acquisition date on the standard-land track', () => {
    // Act
    const error = thrownBy(() =>
      readApplicationClock([], { track: 'standard-land', now: at('2024-10-30T10:00:00') }, calendar),
    );

    // Assess
    expect(error).toMatchObject({ issues: [{ path: 'landAcquiredOn' }] });
  });
});
