import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '#shared/model';
import {
  closingCounters,
  daysBucket,
  decisionCounter,
  histogramOf,
  issuanceCounter,
  parseApplicationsDimension,
  parseStepsDimension,
  stepsDimension,
  supplementRequestsIn,
} from './counters.ts';

describe('stepsDimension', () => {
  it('round-trips through parseStepsDimension', () => {
    const name = stepsDimension('natural-resources', 'land-use-planning', 'standard-land');
    expect(name).toBe('steps:natural-resources:land-use-planning:standard-land');
    expect(parseStepsDimension(name)).toEqual({
      department: 'natural-resources',
      subject: 'land-use-planning',
      track: 'standard-land',
    });
  });

  it('parses nothing else', () => {
    expect(parseStepsDimension('applications:regular')).toBeUndefined();
    expect(parseStepsDimension('steps:window:intake:express')).toBeUndefined();
    expect(parseStepsDimension('steps:window:intake:regular:extra')).toBeUndefined();
    expect(parseApplicationsDimension('applications:regular')).toEqual({ track: 'regular' });
    expect(parseApplicationsDimension('credit-marks')).toBeUndefined();
  });
});

describe('decisionCounter', () => {
  const month = '2025-03';

  it('counts a closed department step with its working days in one item', () => {
    expect(
      decisionCounter({
        step: { department: 'housing-construction', kind: 'review', permitType: 'construction' },
        outcome: 'approved',
        track: 'regular',
        month,
        result: { usedDays: 9, met: false },
      }),
    ).toEqual({
      dimension: 'steps:housing-construction:construction:regular',
      month,
      add: { closed: 1, onTime: 0, workingDays: 9, 'days-9': 1 },
    });
  });

  it('counts a supplement request that ends an intake round as both closed and requested', () => {
    expect(
      decisionCounter({
        step: { department: 'window', kind: 'intake' },
        outcome: 'supplement-requested',
        track: 'regular',
        month,
        result: { usedDays: 0, met: true },
      })?.add,
    ).toEqual({ closed: 1, onTime: 1, workingDays: 0, 'days-0': 1, supplementsRequested: 1 });
  });

  it('counts the enterprise’s answer with the department step it answers', () => {
    expect(
      decisionCounter({
        step: { department: 'window', kind: 'enterprise-supplement' },
        outcome: 'resubmitted',
        track: 'standard-land',
        month,
      }),
    ).toEqual({
      dimension: 'steps:window:intake:standard-land',
      month,
      add: { supplementsAnswered: 1 },
    });
    expect(
      decisionCounter({
        step: { department: 'natural-resources', kind: 'review-supplement', permitType: 'land-use-approval' },
        outcome: 'resubmitted',
        track: 'regular',
        month,
      })?.dimension,
    ).toBe('steps:natural-resources:land-use-approval:regular');
  });

  it('counts nothing for a tolerated gap closed', () => {
    expect(
      decisionCounter({
        step: { department: 'window', kind: 'gap-closure' },
        outcome: 'resubmitted',
        track: 'regular',
        month,
      }),
    ).toBeUndefined();
  });
});

describe('issuanceCounter', () => {
  it('counts a measured issuance with its working days and supplement rounds', () => {
    expect(
      issuanceCounter({
        track: 'regular',
        month: '2025-04',
        supplementRequests: 1,
        sla: {
          limitWorkingDays: 15,
          clockStartedAt: '2025-03-03T02:00:00.000Z',
          dueAt: '2025-03-24T15:59:59.999Z',
          status: 'green',
          calendarVersion: 'v',
          provisional: false,
          pausedWorkingDays: 2,
          workingDaysUsed: 12,
          onTime: true,
        },
      }),
    ).toEqual({
      dimension: 'applications:regular',
      month: '2025-04',
      add: { issued: 1, onTime: 1, workingDays: 12, pausedDays: 2, 'days-12': 1, 'supplements-1': 1 },
    });
  });

  it('counts an issuance without an SLA result as unmeasured', () => {
    expect(
      issuanceCounter({ track: 'standard-land', month: '2025-04', supplementRequests: 0, sla: undefined })
        .add,
    ).toEqual({ issued: 1, unmeasured: 1, 'supplements-0': 1 });
  });
});

describe('closingCounters', () => {
  it('adds a credit mark to a revocation', () => {
    expect(closingCounters({ track: 'standard-land', month: '2025-05', outcome: 'revoked' })).toEqual([
      { dimension: 'applications:standard-land', month: '2025-05', add: { revoked: 1 } },
      { dimension: 'credit-marks', month: '2025-05', add: { marks: 1 } },
    ]);
  });
});

describe('histogramOf', () => {
  it('reads the buckets back, ignoring other counters and empty buckets', () => {
    const counters = { closed: 4, [daysBucket(3)]: 2, [daysBucket(12)]: 1, 'days-5': 0, 'supplements-1': 3 };
    expect([...histogramOf(counters, 'days')].sort()).toEqual([
      [12, 1],
      [3, 2],
    ]);
    expect([...histogramOf(counters, 'supplements')]).toEqual([[1, 3]]);
  });

  it('keeps whole working days exact far beyond any budget', () => {
    expect(daysBucket(250)).toBe('days-250');
    expect(daysBucket(-1)).toBe('days-0');
  });
});

describe('supplementRequestsIn', () => {
  it('leaves out a request voided because its step had expired', () => {
    const event = (eventId: string, type: AuditEvent['type'], detail: AuditEvent['detail'] = {}) =>
      ({
        applicationId: 'a',
        eventId,
        type,
        at: '2025-03-03T02:00:00.000Z',
        actor: { userId: 'u', role: 'system' },
        detail,
      }) as AuditEvent;
    expect(
      supplementRequestsIn([
        event('intake-1-decided', 'supplement-requested'),
        event('review-construction-1-decided', 'supplement-requested'),
        event('review-construction-1-expired', 'step-cancelled', { voids: 'review-construction-1-decided' }),
      ]),
    ).toBe(1);
  });
});
