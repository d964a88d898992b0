import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '#shared/model';
import { clockEventsFromTimeline } from './clock.ts';

const event = (
  eventId: string,
  at: string,
  clock?: string[],
  detail: AuditEvent['detail'] = {},
): AuditEvent => ({
  applicationId: 'app-1',
  eventId,
  at,
  type: 'step-decided',
  actor: { userId: 'workflow', role: 'system' },
  detail: { ...detail, ...(clock ? { clock } : {}) },
});

describe('clockEventsFromTimeline', () => {
  it('reads the clock facts of the workflow’s events and skips everything else', () => {
    // Act
    const events = clockEventsFromTimeline([
      event('submitted', '2025-03-03T00:30:00.000Z'),
      event('intake-1-opened', '2025-03-03T01:00:00.000Z', ['step-opened:intake-1:intake:1']),
      event('intake-1-decided', '2025-03-03T02:00:00.000Z', ['step-closed:intake-1', 'accepted']),
    ]);

    // Assess
    expect(events).toEqual([
      {
        type: 'step-opened',
        at: new Date('2025-03-03T01:00:00.000Z'),
        stepId: 'intake-1',
        kind: 'intake',
        budgetDays: 1,
      },
      { type: 'step-closed', at: new Date('2025-03-03T02:00:00.000Z'), stepId: 'intake-1' },
      { type: 'accepted', at: new Date('2025-03-03T02:00:00.000Z') },
    ]);
  });

  it('orders facts of the same instant the way the clock needs them', () => {
    // Act: the timeline sorts same-instant events by id, which puts the decision first
    const events = clockEventsFromTimeline([
      event('a-decided', '2025-03-03T01:00:00.000Z', ['step-closed:intake-1']),
      event('b-opened', '2025-03-03T01:00:00.000Z', ['step-opened:intake-1:intake:1']),
    ]);

    // Assess
    expect(events.map((e) => e.type)).toEqual(['step-opened', 'step-closed']);
  });

  it('drops the facts of a decision that was voided because its step had expired', () => {
    // Act
    const events = clockEventsFromTimeline([
      event('intake-1-opened', '2025-03-03T01:00:00.000Z', ['step-opened:intake-1:intake:1']),
      event('intake-1-decided', '2025-03-03T02:00:00.000Z', ['step-closed:intake-1', 'accepted']),
      event('intake-1-expired', '2025-03-03T02:00:01.000Z', ['step-closed:intake-1'], {
        voids: 'intake-1-decided',
      }),
    ]);

    // Assess
    expect(events.map((e) => e.type)).toEqual(['step-opened', 'step-closed']);
    expect(events[1]?.at).toEqual(new Date('2025-03-03T02:00:01.000Z'));
  });
});
