import { describe, expect, it } from 'vitest';
import type { DecisionOutcome, Step } from '#shared/model';
import { clockIdOf, planOpening, stepIdFor } from './steps.ts';

const step = (
  stepId: string,
  kind: Step['kind'],
  status: Step['status'],
  outcome?: DecisionOutcome,
): Step => ({
  applicationId: 'app-1',
  stepId,
  kind,
  department: 'window',
  ...(kind.startsWith('review') ? { permitType: 'construction' as const } : {}),
  status,
  openedAt: '2025-03-03T01:00:00.000Z',
  budgetDays: 1,
  pauses: [],
  ...(outcome
    ? {
        decision: { outcome, decidedBy: 'u', decidedAt: '2025-03-03T02:00:00.000Z' },
        closedAt: '2025-03-03T02:00:00.000Z',
      }
    : {}),
  version: 1,
});

describe('planOpening', () => {
  it('starts a chain at round 1', () => {
    expect(planOpening([], { kind: 'intake' })).toEqual({ action: 'create', stepId: 'intake-1', round: 1 });
  });

  it('finds the open step of the round when the task is retried', () => {
    const open = step('intake-1', 'intake', 'open');
    expect(planOpening([open], { kind: 'intake' })).toEqual({ action: 'replace-token', step: open });
  });

  it('redelivers when the workflow asks again for a step it has an answer for', () => {
    const decided = step('intake-1', 'intake', 'closed', 'accepted');
    expect(planOpening([decided], { kind: 'intake' })).toEqual({ action: 'redeliver', step: decided });
  });

  it('follows a supplement request with the supplement of the same round, and the answer with the next round', () => {
    const asked = step('review-construction-1', 'review', 'closed', 'supplement-requested');
    const answered = step('review-supplement-construction-1', 'review-supplement', 'closed', 'resubmitted');
    const identity = { permitType: 'construction' } as const;

    expect(planOpening([asked], { kind: 'review-supplement', ...identity })).toMatchObject({
      action: 'create',
      stepId: 'review-supplement-construction-1',
      previous: asked,
    });
    expect(planOpening([answered, asked], { kind: 'review', ...identity })).toMatchObject({
      action: 'create',
      stepId: 'review-construction-2',
      round: 2,
      previous: answered,
    });
  });

  it('ignores a chain the closing of the application cancelled', () => {
    const cancelled = step('review-construction-1', 'review', 'cancelled');
    expect(planOpening([cancelled], { kind: 'review', permitType: 'construction' }).action).toBe('ignore');
  });

  it('opens another gap-closure round while gaps stay open, and redelivers once none is', () => {
    const closed = step('gap-closure-1', 'gap-closure', 'closed', 'resubmitted');
    expect(planOpening([closed], { kind: 'gap-closure' }, { gapsOpen: true })).toMatchObject({
      action: 'create',
      stepId: 'gap-closure-2',
    });
    expect(planOpening([closed], { kind: 'gap-closure' }, { gapsOpen: false }).action).toBe('redeliver');
  });

  it('rejects a step its chain cannot be at', () => {
    const approved = step('review-construction-1', 'review', 'closed', 'approved');
    const open = step('intake-1', 'intake', 'open');
    expect(() => planOpening([approved], { kind: 'review-supplement', permitType: 'construction' })).toThrow(
      /ended approved/,
    );
    expect(() => planOpening([open], { kind: 'enterprise-supplement' })).toThrow(/still open/);
    expect(() => planOpening([], { kind: 'review-supplement', permitType: 'construction' })).toThrow(
      /no step asked/,
    );
  });
});

describe('clockIdOf', () => {
  it('keeps one clock per review across rounds and one per intake round', () => {
    expect(clockIdOf({ kind: 'review', permitType: 'construction', stepId: 'review-construction-3' })).toBe(
      'review-construction',
    );
    expect(clockIdOf({ kind: 'enterprise-supplement', stepId: 'enterprise-supplement-2' })).toBe('intake-2');
    expect(stepIdFor({ kind: 'review-supplement', permitType: 'construction' }, 2)).toBe(
      'review-supplement-construction-2',
    );
  });
});
